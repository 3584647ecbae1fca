import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from '../common/redact-url';
import { PagesService } from './pages.service';

/** Errors on a page answer as a page (the API's JSON shape is for clients); unexpected ones are logged, not shown. */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageExceptionFilter.name);

  constructor(private readonly pages: PagesService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500)
      this.logger.error({ err: exception, requestId: request.id, url: redactUrl(request.url) }, 'Unhandled error on a page');
    const message =
      status >= 500
        ? `Something went wrong on our side (reference ${String(request.id)}).`
        : status === 404
          ? 'This page does not exist, or the event is not public.'
          : exception instanceof HttpException
            ? messageOf(exception)
            : 'The request could not be handled.';
    if (reply.sent) return;
    void reply.status(status).header('content-type', 'text/html; charset=utf-8').send(this.pages.error(status, message));
  }
}

/** The message an HttpException carries for people (Nest's validation gives a list). */
function messageOf(exception: HttpException): string {
  const message = (exception.getResponse() as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
