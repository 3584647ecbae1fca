import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import type { RenderedMail } from './mail-renderer';

export interface OutgoingMail extends RenderedMail {
  /** The mail_message id: names the .eml file in development. */
  id: string;
  messageId: string;
  to: { address: string; name: string };
}

/**
 * Sends rendered mail. `send` resolves with the server's answer, or rejects with nodemailer's error;
 * when `signal` aborts, a mail still waiting for a connection is dropped (rejects with EABORT).
 */
export abstract class MailTransport {
  abstract readonly description: string;
  abstract send(mail: OutgoingMail, signal?: AbortSignal): Promise<string>;
  abstract close(): void;
}

/** The domain of MAIL_FROM's address, for Message-IDs. */
export function senderDomain(mailFrom: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase() || 'localhost';
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
  };
}

/** Production: a pool of SMTP connections to SMTP_URL (nodemailer). */
export class SmtpTransport extends MailTransport {
  readonly description: string;
  private readonly transporter: Transporter;

  constructor(config: AppConfig) {
    super();
    const url = new URL(config.SMTP_URL!);
    this.description = `SMTP ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)} (pool of ${config.MAIL_SMTP_POOL_SIZE})`;
    // A send must end well before the queue hands its mail to another worker (MAIL_SEND_TIMEOUT_SECONDS).
    const budget = config.MAIL_SEND_TIMEOUT_SECONDS * 1000;
    this.transporter = createTransport(
      {
        url: config.SMTP_URL,
        pool: true,
        maxConnections: config.MAIL_SMTP_POOL_SIZE,
        maxMessages: 1000,
        connectionTimeout: Math.min(30_000, Math.floor(budget / 4)),
        greetingTimeout: Math.min(30_000, Math.floor(budget / 4)),
        socketTimeout: Math.min(120_000, Math.floor(budget / 2)),
      },
      { from: config.MAIL_FROM },
    );
  }

  async send(mail: OutgoingMail, signal?: AbortSignal): Promise<string> {
    const info = await this.transporter.sendMail({ ...headersOf(mail), signal });
    return String(info.response ?? '');
  }

  close(): void {
    this.transporter.close();
  }
}

/** Development (no SMTP_URL): each mail becomes DATA_DIR/mail/<id>.eml, and a log line says where. */
export class FileTransport extends MailTransport {
  readonly description: string;
  private readonly logger = new Logger(FileTransport.name);
  private readonly directory: string;
  private readonly transporter: Transporter;

  constructor(config: AppConfig) {
    super();
    this.directory = resolve(config.DATA_DIR, 'mail');
    this.description = `.eml files in ${this.directory} (SMTP_URL is not set)`;
    this.transporter = createTransport({ streamTransport: true, buffer: true }, { from: config.MAIL_FROM });
  }

  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter.sendMail(headersOf(mail));
    const file = join(this.directory, `${mail.id}.eml`);
    await mkdir(this.directory, { recursive: true });
    await writeFile(file, info.message as Buffer);
    // Not the subject or body: an event's own template could put a personal link in either.
    this.logger.log(`Mail ${mail.messageId} for ${mail.to.address} written to ${file}`);
    return `written to ${file}`;
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  return config.SMTP_URL ? new SmtpTransport(config) : new FileTransport(config);
}
