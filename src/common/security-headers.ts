import helmet, { HelmetOptions } from 'helmet';

/**
 * Helmet's response headers for these options, computed once: with static options they do not depend on
 * the request, and rebuilding them per request is costly (see src/common/README.md). Set them with an onRequest hook.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet failed');
  });
  return headers;
}

/**
 * The Content-Security-Policy of every answer (pages and API). Scripts only from this origin, never
 * inline. `upgrade-insecure-requests` (helmet's default) only when Plenary is reached over https
 * (PUBLIC_URL): over plain http at any host but localhost, it sends the stylesheet and the forms to
 * https, where nothing answers.
 */
export function contentSecurityPolicy(publicUrl: string): NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean>> {
  const https = new URL(publicUrl).protocol === 'https:';
  return {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      upgradeInsecureRequests: https ? [] : null,
    },
  };
}
