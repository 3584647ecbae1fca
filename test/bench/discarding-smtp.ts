/**
 * An SMTP server on loopback that accepts every message and discards it, counting them: the relay of
 * `npm run bench rush`. Runs as a worker thread of the benchmark (`startDiscardingSmtp`), so reading
 * mail does not slow the load generator's event loop.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { SMTPServer } from 'smtp-server';

export interface DiscardingSmtp {
  url: string;
  /** Messages accepted so far. */
  received(): number;
  stop(): Promise<void>;
}

export function startDiscardingSmtp(): Promise<DiscardingSmtp> {
  const worker = new Worker(__filename);
  let received = 0;
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { port?: number; received?: number }) => {
      if (message.received !== undefined) received = message.received;
      if (message.port !== undefined)
        resolve({
          url: `smtp://127.0.0.1:${message.port}`,
          received: () => received,
          stop: async () => void (await worker.terminate()),
        });
    });
  });
}

if (!isMainThread) {
  let received = 0;
  let reporting = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, done) {
      stream.on('end', () => {
        received += 1;
        // At most one count a tick reaches the benchmark.
        if (!reporting) {
          reporting = true;
          setImmediate(() => {
            reporting = false;
            parentPort!.postMessage({ received });
          });
        }
        done();
      });
      stream.resume();
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    parentPort!.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
  });
}
