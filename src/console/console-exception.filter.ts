import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { redactUrl } from '../common/redact-url';
import { SignInRequired } from '../auth/sign-in-required';
import type { ConsoleRequest } from './console-auth';
import { ConsoleViews } from './console-views.service';

const HEADINGS: Record<number, string> = {
  400: 'This request could not be handled',
  403: 'You do not have access to this page',
  404: 'Page not found',
  409: 'This could not be done',
  413: 'Too much data was sent',
  429: 'Too many attempts',
};

/**
 * Errors on a console page answer as a console page: anonymous callers are sent to sign in (303), a
 * refusal gets a page with its status (403, 404…), and an unexpected error is logged, never shown.
 */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ConsoleExceptionFilter.name);

  constructor(private readonly views: ConsoleViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ConsoleRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof SignInRequired) {
      const next = exception.returnTo.startsWith('/console') && exception.returnTo !== '/console' ? exception.returnTo : '';
      void reply
        .status(303)
        .header('location', next ? `/console/login?next=${encodeURIComponent(next)}` : '/console/login')
        .send();
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500)
      this.logger.error({ err: exception, requestId: request.id, url: redactUrl(request.url) }, 'Unhandled error on a console page');
    const message =
      status >= 500
        ? `Something went wrong on our side (reference ${String(request.id)}).`
        : status === 404
          ? 'There is no such page, or it is not yours to see.'
          : exception instanceof HttpException
            ? messageOf(exception)
            : 'The request could not be handled.';
    const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'This request could not be handled');
    void reply.send(this.views.page(request, reply, 'error', { title: heading, heading, message, status }, status));
  }
}

function messageOf(exception: HttpException): string {
  const message = (exception.getResponse() as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}
