import { Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfig } from '../config/app-config';
import type { MailAttachment } from './mail-attachments';
import type { RenderedMail } from './mail-renderer';
import { connectionsPerThread } from './sender-threads';

export interface OutgoingMail extends RenderedMail {
  /** The mail_message id: names the .eml file in development. */
  id: string;
  messageId: string;
  to: { address: string; name: string };
  /** Made at send time (MailAttachments), never stored. */
  attachments?: MailAttachment[];
}

/**
 * Sends rendered mail. `send` resolves with the server's answer, or rejects with nodemailer's error
 * (its `code`, `responseCode`, `response`, `command` and `message`); at `deadlineAt` (epoch ms), a mail still
 * waiting for a connection is dropped (rejects with EABORT).
 */
export abstract class MailTransport {
  abstract readonly description: string;
  abstract send(mail: OutgoingMail, deadlineAt: number): Promise<string>;
  abstract close(): void;
}

/** The domain of MAIL_FROM's address, for Message-IDs. */
export function senderDomain(mailFrom: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  return (
    address
      .slice(address.lastIndexOf('@') + 1)
      .trim()
      .toLowerCase() || 'localhost'
  );
}

export const messageIdFor = (mailId: string, domain: string) => `<${mailId}@${domain}>`;

function headersOf(mail: OutgoingMail) {
  return {
    messageId: mail.messageId,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    // A Buffer crosses to the sender thread as a plain Uint8Array; the thread makes it a Buffer again.
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
  };
}

/** What a sender thread (mail-sender.thread.ts) is started with: SMTP_URL and its share of the pool, or a directory for .eml files. */
export interface SenderThreadOptions {
  from: string;
  smtp?: { url: string; connections: number; connectionTimeout: number; greetingTimeout: number; socketTimeout: number };
  directory?: string;
}

/** A mail for a sender thread; `ticket` pairs it with its result. */
export interface ThreadRequest {
  ticket: number;
  mailId: string;
  deadlineAt: number;
  message: ReturnType<typeof headersOf>;
}

/** The server's answer (or where the file went), or the fields of nodemailer's error that classifyDeliveryError reads. */
export type ThreadResult =
  | { ticket: number; response: string }
  | { ticket: number; error: { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown; message: string } };

/** A running sender thread and the tickets of the mails in its hands. */
interface SenderThread {
  worker: Worker;
  tickets: Set<number>;
}

/**
 * Sends mail from threads of their own (MAIL_SENDER_THREADS, started at the first mail): nodemailer's
 * encoding and sending is most of the CPU a mail costs, so it runs beside the main thread's API, queue
 * and database work. With SMTP_URL (production), each thread keeps its share of a pool of
 * MAIL_SMTP_POOL_SIZE connections; without (`npm start` on a laptop), each mail becomes
 * DATA_DIR/mail/<id>.eml and a log line says where. Each mail goes to the thread with the fewest in hand;
 * mails handed over in the same tick travel together, and so do results. Should a thread stop, the mails
 * in its hands fail with ETHREAD (retried) and the next send starts a new one.
 */
export class ThreadedMailTransport extends MailTransport {
  readonly description: string;
  private readonly logger = new Logger(ThreadedMailTransport.name);
  private readonly options: SenderThreadOptions[];
  private readonly threads: (SenderThread | undefined)[];
  private readonly writesFiles: boolean;
  private readonly waiting = new Map<number, { resolve(response: string): void; reject(error: unknown): void }>();
  private outbox: ThreadRequest[] = [];
  private lastTicket = 0;

  constructor(config: AppConfig) {
    super();
    this.writesFiles = !config.SMTP_URL;
    if (config.SMTP_URL) {
      const url = new URL(config.SMTP_URL);
      const connections = connectionsPerThread(config.MAIL_SMTP_POOL_SIZE, config.MAIL_SENDER_THREADS);
      this.description = `SMTP ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)} (pool of ${config.MAIL_SMTP_POOL_SIZE} in ${connections.length} thread(s))`;
      // A send must end well before the queue hands its mail to another worker (MAIL_SEND_TIMEOUT_SECONDS).
      const budget = config.MAIL_SEND_TIMEOUT_SECONDS * 1000;
      const timeouts = {
        connectionTimeout: Math.min(30_000, Math.floor(budget / 4)),
        greetingTimeout: Math.min(30_000, Math.floor(budget / 4)),
        socketTimeout: Math.min(120_000, Math.floor(budget / 2)),
      };
      this.options = connections.map((count) => ({
        from: config.MAIL_FROM,
        smtp: { url: config.SMTP_URL!, connections: count, ...timeouts },
      }));
    } else {
      const directory = resolve(config.DATA_DIR, 'mail');
      this.description = `.eml files in ${directory} (SMTP_URL is not set)`;
      this.options = Array.from({ length: config.MAIL_SENDER_THREADS }, () => ({ from: config.MAIL_FROM, directory }));
    }
    this.threads = this.options.map(() => undefined);
  }

  async send(mail: OutgoingMail, deadlineAt: number): Promise<string> {
    const response = await new Promise<string>((resolve, reject) => {
      const ticket = ++this.lastTicket;
      this.waiting.set(ticket, { resolve, reject });
      if (this.outbox.length === 0) queueMicrotask(() => this.flush());
      this.outbox.push({ ticket, mailId: mail.id, deadlineAt, message: headersOf(mail) });
    });
    // Not the subject or body: an event's own template could put a personal link in either.
    if (this.writesFiles) this.logger.log(`Mail ${mail.messageId} for ${mail.to.address} ${response}`);
    return response;
  }

  close(): void {
    for (const thread of this.threads) thread?.worker.postMessage('close');
    this.threads.fill(undefined);
  }

  private flush(): void {
    const batches = new Map<SenderThread, ThreadRequest[]>();
    for (const request of this.outbox.splice(0)) {
      try {
        const slot = this.leastBusy();
        const thread = (this.threads[slot] ??= this.startThread(slot));
        thread.tickets.add(request.ticket);
        const batch = batches.get(thread);
        if (batch) batch.push(request);
        else batches.set(thread, [request]);
      } catch (error) {
        this.fail([request.ticket], error instanceof Error ? error.message : String(error));
      }
    }
    for (const [thread, requests] of batches) thread.worker.postMessage(requests);
  }

  private leastBusy(): number {
    let best = 0;
    for (let slot = 1; slot < this.threads.length; slot++)
      if ((this.threads[slot]?.tickets.size ?? 0) < (this.threads[best]?.tickets.size ?? 0)) best = slot;
    return best;
  }

  private startThread(slot: number): SenderThread {
    const worker = new Worker(join(__dirname, 'mail-sender.thread.js'), { workerData: this.options[slot] });
    const thread: SenderThread = { worker, tickets: new Set() };
    worker.unref();
    worker.on('message', (results: ThreadResult[]) => {
      for (const result of results) {
        const waiter = this.waiting.get(result.ticket);
        this.waiting.delete(result.ticket);
        thread.tickets.delete(result.ticket);
        if ('error' in result) waiter?.reject(result.error);
        else waiter?.resolve(result.response);
      }
    });
    worker.on('error', (error) => this.logger.error({ err: error }, 'A mail sender thread failed'));
    worker.on('exit', (code) => {
      if (this.threads[slot] === thread) this.threads[slot] = undefined;
      this.fail([...thread.tickets], `the mail sender thread stopped (exit code ${code})`);
    });
    return thread;
  }

  private fail(tickets: number[], message: string): void {
    for (const ticket of tickets) {
      this.waiting.get(ticket)?.reject({ code: 'ETHREAD', message });
      this.waiting.delete(ticket);
    }
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  return new ThreadedMailTransport(config);
}
