/**
 * The benchmark baseline: a plain Fastify server with a hello-world JSON route and nothing else (no Nest,
 * no logging, no database), plus `/static` answering a fixed JSON string of argv[2] bytes, to show what
 * the payload size alone costs. Prints `LISTENING <port>`. Usage: node hello-server.js [staticBytes]
 */
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  const staticBody = JSON.stringify({ padding: 'x'.repeat(Math.max(0, Number(process.argv[2] ?? 0) - 14)) });
  app.get('/hello', async () => ({ hello: 'world' }));
  app.get('/static', (_request, reply) => void reply.header('content-type', 'application/json; charset=utf-8').send(staticBody));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
