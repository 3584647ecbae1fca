import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SignInRequired } from '../auth/sign-in-required';
import type { ConsoleRequest } from './console-auth';
import { ConsoleViews } from './console-views.service';
import { errorPage } from './error-page';

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
    const { status, heading, message } = errorPage(exception, request, HEADINGS, { logger: this.logger, where: 'a console page' });
    void reply.send(this.views.page(request, reply, 'error', { title: heading, heading, message, status }, status));
  }
}
