import { useApp } from '../support/context';
import { errorShapeProblem } from '../support/error-shape';

/**
 * An oversize body is refused with 413 in the error shape, and the client receives that answer: the
 * server reads the rest of the body and throws it away before answering, instead of closing the
 * connection while the client is still sending (Node's fetch then failed with EPIPE or a reset).
 */
describe('Oversize bodies are answered 413 to a client still sending (#15)', () => {
  const ctx = useApp();
  const MB = 1024 * 1024;

  const post = (path: string, body: Buffer | ReadableStream<Uint8Array>, contentType: string) =>
    fetch(`${ctx.app.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
      // A stream is sent chunked, which fetch allows only with the request half-duplex.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });

  const expect413 = async (response: Response) => {
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(errorShapeProblem(413, body)).toBeNull();
    expect(body).toMatchObject({ statusCode: 413, code: 'BODY_TOO_LARGE' });
  };

  const jsonOf = (bytes: number) => Buffer.from(JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(bytes) }));

  it('12 MB of JSON to a route with the global limit: fetch resolves with 413 and the JSON error, every time', async () => {
    const body = jsonOf(12 * MB);
    for (let attempt = 0; attempt < 4; attempt++) await expect413(await post('/api/v1/auth/login', body, 'application/json'));
  });

  it('a body over a route’s own larger limit (20 MB to the invitations route) → 413, before any authentication', async () => {
    const body = Buffer.from(JSON.stringify({ recipients: [{ email: 'a@b.org', name: 'x'.repeat(20 * MB) }] }));
    for (let attempt = 0; attempt < 2; attempt++)
      await expect413(await post('/api/v1/events/00000000-0000-4000-8000-000000000000/invitations', body, 'application/json'));
  });

  it('12 MB sent chunked (no Content-Length) → 413 as well', async () => {
    const chunk = Buffer.alloc(MB, 'x');
    for (let attempt = 0; attempt < 2; attempt++) {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(Buffer.from('{"email":"a@b.org","password":"'));
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      });
      await expect413(await post('/api/v1/auth/login', stream, 'application/json'));
    }
  });

  it('12 MB posted to a page form (the register page) → 413', async () => {
    const form = Buffer.from(`email=a%40b.org&givenName=${'x'.repeat(12 * MB)}`);
    for (let attempt = 0; attempt < 3; attempt++)
      await expect413(await post('/events/no-such-event/register', form, 'application/x-www-form-urlencoded'));
  });

  it('the server keeps answering normally afterwards', async () => {
    expect((await fetch(`${ctx.app.url}/api/v1/health`)).status).toBe(200);
  });
});
