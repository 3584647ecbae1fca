import { useApp } from '../support/context';

/**
 * Starting the server prints no warning from Fastify or Node: in particular not FSTWRN004 ("overriding an
 * errorHandler in the same scope"), which came from setting Fastify's error handler besides Nest's.
 */
describe('Start-up without warnings (#15)', () => {
  const ctx = useApp();

  it('prints no Fastify warning and no Node process warning while starting and answering a request', async () => {
    // A request that fails in Fastify's body parser goes through the error handler that remains.
    const response = await fetch(`${ctx.app.url}/api/v1/auth/login`, {
      method: 'POST',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    const warnings = ctx.app.process.output.filter((line) =>
      /FSTWRN|FastifyWarning|overriding an errorHandler|\(node:\d+\) \w*Warning/.test(line),
    );
    expect(warnings).toEqual([]);
  });
});
