import { dist } from './paths';
import { spawnNode, Spawned } from './processes';
import type { SinkMessage } from './smtp-sink';

export type { SinkMessage };

export interface SmtpSink {
  port: number;
  /** For SMTP_URL. */
  url: string;
  process: Spawned;
  /** Everything received so far, in order of arrival. */
  messages(): Promise<SinkMessage[]>;
  /** Messages received, and how many distinct Message-IDs among them. */
  count(): Promise<{ count: number; distinct: number }>;
  /** Resolves once `count` messages have arrived; rejects after the timeout. */
  waitForCount(count: number, timeoutMs?: number): Promise<{ count: number; distinct: number }>;
  /** While on, nothing listens on the port (connections are refused) and open connections are dropped. */
  refuseConnections(on: boolean): Promise<void>;
  /** From now on, answers RCPT TO for addresses matching the pattern with this code (550: permanent, 450: try later); null lifts every such rule. */
  rejectRecipients(pattern: RegExp | null, code?: number): Promise<void>;
  /** From now on, greets each new connection with this code and closes it (554: a relay in maintenance or behind a blocklist); null greets 220 again. Answers how many connections were refused so. */
  greetWith(code: number | null): Promise<number>;
  /** Waits this long before answering 250 to each message (the message counts as received before). */
  setDelay(ms: number): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the SMTP sink (test/support/smtp-sink.ts) in a child process: a real smtp-server on
 * loopback whose messages are parsed with mailparser (`parse: 'headers'` keeps only the envelope
 * and Message-ID, for benchmarks).
 */
export async function startSmtpSink(options: { parse?: 'full' | 'headers' } = {}): Promise<SmtpSink> {
  const child = spawnNode(dist('test', 'support', 'smtp-sink.js'), [`--parse=${options.parse ?? 'full'}`]);
  const [, smtpPort, controlPort] = await child.waitFor(/^READY (\d+) (\d+)/, 30_000);
  const control = async <T>(method: 'GET' | 'POST', path: string, okStatuses = [200]): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${controlPort}${path}`, { method });
    const body = (await response.json()) as T;
    if (!okStatuses.includes(response.status)) throw new Error(`SMTP sink ${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const port = Number(smtpPort);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    process: child,
    messages: () => control('GET', '/messages'),
    count: () => control('GET', '/count'),
    waitForCount: async (count, timeoutMs = 60_000) => {
      const response = await fetch(`http://127.0.0.1:${controlPort}/wait?count=${count}&timeoutMs=${timeoutMs}`);
      const counts = (await response.json()) as { count: number; distinct: number };
      if (response.status !== 200) throw new Error(`The SMTP sink received ${counts.count} of ${count} messages within ${timeoutMs} ms`);
      return counts;
    },
    refuseConnections: async (on) => void (await control('POST', `/refuse?on=${on}`)),
    rejectRecipients: async (pattern, code = 550) =>
      void (await control('POST', `/reject?pattern=${encodeURIComponent(pattern?.source ?? '')}&code=${code}`)),
    greetWith: async (code) => (await control<{ refusedGreetings: number }>('POST', `/greet?code=${code ?? ''}`)).refusedGreetings,
    setDelay: async (ms) => void (await control('POST', `/delay?ms=${ms}`)),
    reset: async () => void (await control('POST', '/reset')),
    stop: async () => {
      if (child.child.exitCode === null) child.child.kill('SIGTERM');
      await child.exited;
    },
  };
}

/**
 * For a describe block: starts a sink before the server and sets `env.SMTP_URL` to it, so call it
 * before `useApp(env)`. The returned object's `sink` is set in beforeAll and stopped in afterAll.
 */
export function useSmtpSink(env: Record<string, string>): { sink: SmtpSink } {
  const holder = {} as { sink: SmtpSink };
  beforeAll(async () => {
    holder.sink = await startSmtpSink();
    env.SMTP_URL = holder.sink.url;
  });
  afterAll(() => holder.sink?.stop());
  return holder;
}

/** The content of the message's first attachment whose file name matches, or null. */
export function attachmentOf(message: SinkMessage, filename: RegExp): { filename: string; contentType: string; content: Buffer } | null {
  const found = message.attachments?.find((attachment) => attachment.filename !== null && filename.test(attachment.filename));
  return found ? { filename: found.filename!, contentType: found.contentType, content: Buffer.from(found.content, 'base64') } : null;
}
