/**
 * A mail sender thread (worker_threads) of ThreadedMailTransport. nodemailer's MIME encoding and its
 * socket or file writes are most of the CPU a mail costs; here they run on a core of their own, beside
 * the main thread's API, queue and database work. The main thread posts batches of mails, and this
 * thread answers with batches of results.
 */
import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createTransport } from 'nodemailer';
import type { SenderThreadOptions, ThreadRequest, ThreadResult } from './mail-transport';

const { from, smtp, directory } = workerData as SenderThreadOptions;
const transporter = smtp
  ? createTransport(
      {
        url: smtp.url,
        pool: true,
        maxConnections: smtp.connections,
        maxMessages: 1000,
        connectionTimeout: smtp.connectionTimeout,
        greetingTimeout: smtp.greetingTimeout,
        socketTimeout: smtp.socketTimeout,
      },
      { from },
    )
  : createTransport({ streamTransport: true, buffer: true }, { from });
const directoryReady = directory ? mkdir(directory, { recursive: true }) : undefined;
directoryReady?.catch(() => undefined); // a failure is reported with each mail, by `deliver`

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

const results: ThreadResult[] = [];
function report(result: ThreadResult): void {
  if (results.length === 0) setImmediate(() => parentPort!.postMessage(results.splice(0)));
  results.push(result);
}

/** The server's answer, or (without SMTP) where the .eml file went. */
async function deliver({ mailId, deadlineAt, message }: ThreadRequest): Promise<string> {
  // Buffers arrive as plain Uint8Arrays (structured clone): nodemailer wants Buffers.
  const attachments = message.attachments?.map((attachment) => ({
    ...attachment,
    content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
  }));
  const info = await transporter.sendMail({ ...message, ...(attachments ? { attachments } : {}), signal: signalFor(deadlineAt) });
  if (!directory) return String(info.response ?? '');
  const file = join(directory, `${mailId}.eml`);
  await directoryReady;
  await writeFile(file, info.message as Buffer);
  return `written to ${file}`;
}

function send(request: ThreadRequest): void {
  deliver(request).then(
    (response) => report({ ticket: request.ticket, response }),
    (error: { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown; message?: unknown }) =>
      report({
        ticket: request.ticket,
        error: {
          code: error?.code,
          responseCode: error?.responseCode,
          response: error?.response,
          command: error?.command,
          message: String((error?.message ?? error) as unknown),
        },
      }),
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
