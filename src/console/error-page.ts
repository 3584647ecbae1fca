import { HttpException, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { redactUrl } from '../common/redact-url';

/** What an error page says: its status, heading and the message a person reads. */
export interface ErrorPage {
  status: number;
  heading: string;
  message: string;
}

/**
 * The error page for an exception on a console or portal page: an HttpException keeps its status and message
 * (404 says no more than that the page is not there, or not the caller's), anything else is a 500 that is logged
 * with the request's id and shown only as a reference. `headings` names the statuses that have a heading of their own.
 */
export function errorPage(
  exception: unknown,
  request: FastifyRequest,
  headings: Record<number, string>,
  log: { logger: Logger; where: string },
): ErrorPage {
  const status = exception instanceof HttpException ? exception.getStatus() : 500;
  if (status >= 500)
    log.logger.error({ err: exception, requestId: request.id, url: redactUrl(request.url) }, `Unhandled error on ${log.where}`);
  const message =
    status >= 500
      ? `Something went wrong on our side (reference ${String(request.id)}).`
      : status === 404
        ? 'There is no such page, or it is not yours to see.'
        : exception instanceof HttpException
          ? messageOf(exception)
          : 'The request could not be handled.';
  const heading = headings[status] ?? (status >= 500 ? 'Something went wrong' : 'This request could not be handled');
  return { status, heading, message };
}

function messageOf(exception: HttpException): string {
  const message = (exception.getResponse() as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}
