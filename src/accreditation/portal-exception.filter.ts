import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfService } from '../common/csrf.service';
import { ConsoleViews, HTML } from '../console/console-views.service';
import { errorPage } from '../console/error-page';

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
    const { status, heading, message } = errorPage(exception, request, HEADINGS, { logger: this.logger, where: 'a portal page' });
    void reply
      .status(status)
      .header('content-type', HTML)
      .header('cache-control', 'no-store')
      .send(this.views.render('portal-error', { title: heading, heading, message, portal: true, csrf: this.csrf.issue(request, reply) }));
  }
}
