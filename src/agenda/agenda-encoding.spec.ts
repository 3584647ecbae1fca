import { gunzipSync } from 'node:zlib';
import { acceptsGzip, encode, negotiate } from './agenda-encoding';

describe('agenda encodings', () => {
  it('reads Accept-Encoding as browsers and HTTP clients send it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0.000, identity')).toBe(false);
    expect(acceptsGzip('gzipped')).toBe(false);
  });

  it('answers gzip to those who accept it, the plain document otherwise, and says it varies', () => {
    const text = JSON.stringify({ title: 'Opening session', speakers: Array(50).fill('Ambassador Nabeel Munir') });
    const plain = negotiate(encode('json', text), 'br');
    expect(plain.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', vary: 'accept-encoding' });
    expect(plain.body.toString('utf8')).toContain('Opening session');
    const gzipped = negotiate(encode('ics', text), 'gzip, deflate');
    expect(gzipped.headers).toEqual({
      'content-type': 'text/calendar; charset=utf-8',
      vary: 'accept-encoding',
      'content-encoding': 'gzip',
    });
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 5);
  });
});
