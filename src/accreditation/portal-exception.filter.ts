import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfService } from '../common/csrf.service';
import { redactUrl } from '../common/redact-url';
import { ConsoleViews, HTML } from '../console/console-views.service';

const HEADINGS: Record<number, string> = {
  401: 'Sign in to your delegation’s portal',
  403: 'This form has expired',
  404: 'Page not found',
  409: 'This could not be done',
  429: 'Too many attempts',
};

/** Errors on a portal page answer as a portal page with their status; an unexpected error is logged, never shown. */
@Catch()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PortalExceptionFilter.name);

  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: CsrfService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500)
      this.logger.error({ err: exception, requestId: request.id, url: redactUrl(request.url) }, 'Unhandled error on a portal page');
    const message =
      status >= 500
        ? `Something went wrong on our side (reference ${String(request.id)}).`
        : status === 404
          ? 'There is no such page, or it is not yours to see.'
          : exception instanceof HttpException
            ? messageOf(exception)
            : 'The request could not be handled.';
    const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'This request could not be handled');
    void reply
      .status(status)
      .header('content-type', HTML)
      .header('cache-control', 'no-store')
      .send(this.views.render('portal-error', { title: heading, heading, message, portal: true, csrf: this.csrf.issue(request, reply) }));
  }
}

function messageOf(exception: HttpException): string {
  const message = (exception.getResponse() as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}
