import { gzipSync } from 'node:zlib';

/** A rendered document, encoded once: as is, and gzip-compressed (an agenda shrinks about sevenfold). */
export interface Encoded {
  identity: Buffer;
  gzip: Buffer;
}

export const CONTENT_TYPES = { json: 'application/json; charset=utf-8', ics: 'text/calendar; charset=utf-8' } as const;
export type Format = keyof typeof CONTENT_TYPES;

export function encode(text: string): Encoded {
  const identity = Buffer.from(text, 'utf8');
  return { identity, gzip: gzipSync(identity) };
}

/** Whether an Accept-Encoding header accepts gzip (`gzip` or `*`, with a quality above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').split(',')) {
    const [coding, ...parameters] = part.split(';').map((token) => token.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    if (quality === undefined || Number(quality.slice(2)) > 0) return true;
  }
  return false;
}

/** The headers and body to answer with, gzip-compressed if the client accepts it. */
export function negotiate(format: Format, document: Encoded, acceptEncoding: string | undefined): { headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[format], vary: 'accept-encoding' };
  if (!acceptsGzip(acceptEncoding)) return { headers, body: document.identity };
  return { headers: { ...headers, 'content-encoding': 'gzip' }, body: document.gzip };
}
