/**
 * A real SMTP server on loopback that keeps what it receives, for tests and benchmarks. smtp-server
 * and mailparser are ESM-only, which Jest cannot load, so this runs as a child process (see
 * smtp.ts) and is controlled over HTTP. Prints `READY <smtpPort> <controlPort>` when listening.
 *
 * Usage: node dist/test/support/smtp-sink.js [--parse=full|headers]
 *   full (default): every message parsed with mailparser (names, subject, html and text parts);
 *   headers: only the envelope and Message-ID are kept (cheap, for benchmarks).
 *
 * Control (HTTP, JSON): GET /messages, GET /count, GET /wait?count=N&timeoutMs=T,
 * POST /refuse?on=true|false, POST /reject?pattern=REGEX&code=550 (adds a rule; no pattern clears them), POST /delay?ms=N,
 * POST /greet?code=554 (greets new connections with that code and closes them; no code greets 220 again), POST /reset.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  messageId: string | null;
  envelopeTo: string[];
  receivedAt: number;
  /** The name the client gave in EHLO (nodemailer's `name` option; tells apart the instances sending). */
  heloName: string;
  /** Only with --parse=full: */
  to?: { address: string; name: string }[];
  from?: string;
  subject?: string;
  text?: string;
  html?: string;
  /** Header names in order, lower-case. */
  headerKeys?: string[];
  /** The attached files, their content in base64 (see `attachmentOf` in smtp.ts). */
  attachments?: { filename: string | null; contentType: string; size: number; content: string }[];
}

const parse = process.argv.find((arg) => arg.startsWith('--parse='))?.split('=')[1] ?? 'full';
const messages: SinkMessage[] = [];
const waiters = new Set<() => void>();
let refusing = false;
/** RCPT TO answers the first matching rule's code. */
const rejections: { pattern: RegExp; code: number }[] = [];
let delayMs = 0;
/** While set, new connections are greeted with this code (and closed) instead of 220, as a relay in maintenance or behind a blocklist does. */
let greetingCode: number | null = null;
let refusedGreetings = 0;

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

function store(message: SinkMessage): void {
  messages.push(message);
  for (const wake of waiters) wake();
}

async function readMessage(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<SinkMessage> {
  const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
  const heloName = String(session.hostNameAppearsAs ?? '');
  if (parse === 'headers') {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('latin1');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    return { messageId: /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? null, envelopeTo, receivedAt: Date.now(), heloName };
  }
  const mail = await simpleParser(stream);
  const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((group) =>
    group.value.map((address) => ({ address: address.address ?? '', name: address.name })),
  );
  return {
    messageId: mail.messageId ?? null,
    envelopeTo,
    receivedAt: Date.now(),
    heloName,
    to,
    from: mail.from?.text,
    subject: mail.subject,
    text: mail.text,
    html: typeof mail.html === 'string' ? mail.html : undefined,
    headerKeys: mail.headerLines.map((line) => line.key),
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
      content: attachment.content.toString('base64'),
    })),
  };
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  size: 20 * 1024 * 1024,
  onConnect(_session, callback) {
    // Answers on the next turn, as smtp-server's own onConnect does.
    if (greetingCode === null) return setImmediate(callback);
    refusedGreetings++;
    const refusal = smtpError('Service unavailable, try again later (refused by the test)', greetingCode);
    setImmediate(() => callback(refusal));
  },
  onRcptTo(address, _session, callback) {
    const rule = rejections.find((candidate) => candidate.pattern.test(address.address));
    if (rule) return callback(smtpError(`Recipient ${address.address} refused by the test`, rule.code));
    callback();
  },
  onData(stream, session, callback) {
    readMessage(stream, session).then(
      (message) => {
        // Kept as soon as the whole message is in, like a real server that queued it; the 250 may come later.
        store(message);
        if (delayMs > 0) setTimeout(() => callback(), delayMs);
        else callback();
      },
      (error: Error) => callback(error),
    );
  },
});
smtp.on('error', () => undefined); // clients killed mid-session are part of the tests

/** Stops listening and drops every connection (the tests do this while no mail is in flight). */
function setRefusing(on: boolean, port: number): Promise<void> {
  if (on === refusing) return Promise.resolve();
  refusing = on;
  if (on) {
    for (const connection of smtp.connections) (connection as unknown as { _socket?: Socket })._socket?.destroy();
    return new Promise((done) => smtp.server.close(() => done()));
  }
  return new Promise((done) => smtp.server.listen(port, '127.0.0.1', () => done()));
}

function waitForCount(count: number, timeoutMs: number): Promise<boolean> {
  if (messages.length >= count) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const check = () => messages.length >= count && finish(true);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve(ok);
    };
    waiters.add(check);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function control(request: IncomingMessage, response: ServerResponse, smtpPort: number): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sink');
  const counts = () => ({ count: messages.length, distinct: new Set(messages.map((message) => message.messageId)).size });
  switch (`${request.method} ${url.pathname}`) {
    case 'GET /messages':
      return reply(response, 200, messages);
    case 'GET /count':
      return reply(response, 200, counts());
    case 'GET /wait': {
      const ok = await waitForCount(Number(url.searchParams.get('count')), Number(url.searchParams.get('timeoutMs') ?? 30_000));
      return reply(response, ok ? 200 : 408, counts());
    }
    case 'POST /refuse':
      await setRefusing(url.searchParams.get('on') === 'true', smtpPort);
      return reply(response, 200, { refusing });
    case 'POST /reject': {
      const pattern = url.searchParams.get('pattern');
      if (pattern) rejections.push({ pattern: new RegExp(pattern), code: Number(url.searchParams.get('code') ?? 550) });
      else rejections.length = 0;
      return reply(response, 200, { rules: rejections.length });
    }
    case 'POST /delay':
      delayMs = Number(url.searchParams.get('ms') ?? 0);
      return reply(response, 200, { delayMs });
    case 'POST /greet': {
      const code = url.searchParams.get('code');
      greetingCode = code ? Number(code) : null;
      return reply(response, 200, { greetingCode, refusedGreetings });
    }
    case 'POST /reset':
      messages.length = 0;
      return reply(response, 200, counts());
    default:
      return reply(response, 404, { error: `no route ${request.method} ${url.pathname}` });
  }
}

smtp.listen(0, '127.0.0.1', () => {
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const http = createServer((request, response) => {
    control(request, response, smtpPort).catch((error: Error) => reply(response, 500, { error: error.message }));
  });
  http.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${smtpPort} ${(http.address() as AddressInfo).port}\n`));
});

process.on('SIGTERM', () => process.exit(0));
// Orphaned (the test runner died): nobody will stop us, so stop.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
process.on('SIGINT', () => process.exit(0));
