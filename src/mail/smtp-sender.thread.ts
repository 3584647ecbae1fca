/**
 * The thread behind SmtpTransport (worker_threads). nodemailer's MIME encoding and socket writes are
 * most of the CPU a mail costs; here they run on a core of their own, beside the main thread's API,
 * queue and database work. The main thread posts batches of messages, and this thread answers with
 * batches of results.
 */
import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { createTransport } from 'nodemailer';
import type { SmtpThreadOptions, ThreadRequest, ThreadResult } from './mail-transport';

const options = workerData as SmtpThreadOptions;
const transporter = createTransport(
  { url: options.url, pool: true, maxConnections: options.connections, maxMessages: 1000, ...options.timeouts },
  { from: options.from },
);

/** One abort signal per deadline (a batch shares one): when it fires, mail still waiting for a connection is dropped. */
const deadlines = new Map<number, AbortSignal>();
function signalFor(deadlineAt: number): AbortSignal {
  let signal = deadlines.get(deadlineAt);
  if (!signal) {
    signal = AbortSignal.timeout(Math.max(0, deadlineAt - Date.now()));
    setMaxListeners(0, signal); // one listener per mail waiting in the pool, by design
    signal.addEventListener('abort', () => deadlines.delete(deadlineAt), { once: true });
    deadlines.set(deadlineAt, signal);
  }
  return signal;
}

let results: ThreadResult[] = [];
function report(result: ThreadResult): void {
  if (results.length === 0) setImmediate(() => parentPort!.postMessage(results.splice(0)));
  results.push(result);
}

function send({ ticket, deadlineAt, message }: ThreadRequest): void {
  transporter.sendMail({ ...message, signal: signalFor(deadlineAt) }).then(
    (info) => report({ ticket, response: String(info.response ?? '') }),
    (error: { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown }) =>
      report({ ticket, error: { code: error?.code, responseCode: error?.responseCode, response: error?.response, message: String(error?.message ?? error) } }),
  );
}

parentPort!.on('message', (requests: ThreadRequest[] | 'close') => {
  if (requests === 'close') {
    transporter.close();
    parentPort!.close();
    return;
  }
  for (const request of requests) send(request);
});
