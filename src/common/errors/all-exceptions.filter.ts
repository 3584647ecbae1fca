import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from '../redact-url';
import { toErrorBody } from './error-body';

/** The single exception filter: every error leaves the API in one shape, unexpected ones logged, never detailed. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, unexpected } = toErrorBody(exception);
    body.requestId = String(request.id);
    if (unexpected) this.logger.error({ err: exception, requestId: request.id, url: redactUrl(request.url) }, 'Unhandled error');
    if (reply.sent) return;
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
