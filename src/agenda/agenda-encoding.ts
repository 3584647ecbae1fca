import { gzipSync } from 'node:zlib';

/** A response ready to send: its headers (content type, encoding) and body. */
export interface Negotiated {
  headers: Record<string, string>;
  body: Buffer;
}

/** A rendered document, encoded once: as is, and gzip-compressed (an agenda shrinks about sevenfold). */
export interface Encoded {
  identity: Negotiated;
  gzip: Negotiated;
}

export const CONTENT_TYPES = { json: 'application/json; charset=utf-8', ics: 'text/calendar; charset=utf-8' } as const;
export type Format = keyof typeof CONTENT_TYPES;

export function encode(format: Format, text: string): Encoded {
  const headers = { 'content-type': CONTENT_TYPES[format], vary: 'accept-encoding' };
  const identity = Buffer.from(text, 'utf8');
  return { identity: { headers, body: identity }, gzip: { headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(identity) } };
}

/** Whether an Accept-Encoding header accepts gzip (`gzip` or `*`, with a quality above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding, ...parameters] = part.split(';').map((token) => token.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    if (quality === undefined || Number(quality.slice(2)) > 0) return true;
  }
  return false;
}

/** The headers and body to answer with, gzip-compressed if the client accepts it. */
export function negotiate(document: Encoded, acceptEncoding: string | undefined): Negotiated {
  return acceptsGzip(acceptEncoding) ? document.gzip : document.identity;
}
