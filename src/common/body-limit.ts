import { RouteConfig } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';

/**
 * A larger body limit for one route than BODY_LIMIT_BYTES (e.g. a mailing of 10,000 recipients).
 * Applied by the onRoute hook that createApp installs (see applyRouteBodyLimits).
 */
export const BodyLimit = (bytes: number) => RouteConfig({ bodyLimit: bytes });

/** Fastify reads a route's body limit from its options, Nest passes route config: this copies one to the other. */
export function applyRouteBodyLimits(routeOptions: { bodyLimit?: number; config?: unknown }): void {
  const limit = (routeOptions.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
  if (typeof limit === 'number') routeOptions.bodyLimit = limit;
}

/** How much of a body that is refused unread (e.g. an oversize one) is read and thrown away before answering. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
/** How long the rest of such a body may take to arrive. */
const DISCARD_TIMEOUT_MS = 30_000;

/**
 * Calls `answer` once the request's body has been received: at once in the usual case (read, or none),
 * else after reading and discarding the rest of it, up to a bound. Fastify closes the connection after
 * refusing a body (413); closing while the client is still sending resets the connection, and clients
 * such as Node's fetch or a browser then report a network error instead of the answer. Past the bound
 * (bytes or time), the answer goes out at once and the connection closes as before.
 */
export function answerAfterUnreadBody(request: IncomingMessage, answer: () => void): void {
  if (request.complete || request.readableEnded || request.destroyed) return answer();
  let discarded = 0;
  const finish = () => {
    clearTimeout(timer);
    request.off('data', count);
    request.off('end', finish);
    request.off('close', finish);
    request.off('error', finish);
    answer();
  };
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) finish();
  };
  const timer = setTimeout(finish, DISCARD_TIMEOUT_MS);
  request.on('data', count);
  request.once('end', finish);
  request.once('close', finish);
  request.once('error', finish);
  request.resume();
}
