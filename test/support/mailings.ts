import { TEST_JWT_SECRET } from './app';
import { ApiClient } from './http';
import { dist } from './paths';
import { spawnNode } from './processes';
import type { SinkMessage } from './smtp';

export interface MailingProgress {
  id: string;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  status: 'sending' | 'completed';
}

/** Polls GET /mailings/:id until no mail is queued; returns the final counts. */
export async function waitForMailing(organiser: ApiClient, mailingId: string, timeoutMs = 60_000): Promise<MailingProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await organiser.get<MailingProgress>(`/mailings/${mailingId}`);
    if (response.status !== 200) throw new Error(`GET /mailings/${mailingId}: ${response.status} ${response.text}`);
    if (response.body.status === 'completed') return response.body;
    if (Date.now() > deadline) throw new Error(`Mailing ${mailingId} still sending after ${timeoutMs} ms: ${response.text}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Polls until `check` resolves truthy. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Runs test/support/mail-scenario.ts (the real MailService in real transactions) against a database; returns its RESULT. */
export async function runMailScenario<T = any>(
  databaseUrl: string,
  scenario: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const child = spawnNode(dist('test', 'support', 'mail-scenario.js'), [scenario, ...args], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      MAIL_WORKER_CONCURRENCY: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const [, json] = await child.waitFor(/^RESULT (.*)$/, 60_000);
  await child.exited;
  return JSON.parse(json) as T;
}

/** Every address got mail, and all copies a person got carry one Message-ID (a re-send after a crash is the same mail). */
export function expectEveryoneOnceOrSameMessage(messages: SinkMessage[], emails: string[]): void {
  const byRecipient = new Map<string, Set<string | null>>();
  for (const message of messages)
    byRecipient.set(message.envelopeTo[0], (byRecipient.get(message.envelopeTo[0]) ?? new Set()).add(message.messageId));
  expect([...byRecipient.keys()].sort()).toEqual([...emails].sort());
  expect([...byRecipient.values()].filter((ids) => ids.size !== 1)).toEqual([]);
}
