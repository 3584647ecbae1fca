import { RouteConfig } from '@nestjs/platform-fastify';

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
