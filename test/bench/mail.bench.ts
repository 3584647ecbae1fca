/**
 * `npm run bench mail`: 10,000 invitations rendered and delivered to a local SMTP server, by
 * Plenary (one HTTP request creates the mailing; timed until the last message is received) and by
 * raw nodemailer (the same templates, a pooled transport of the same size, every mail handed to it
 * at once), in the same run against the same sink. Uses DATABASE_URL, or an embedded PostgreSQL.
 *
 * BENCH_MAIL_COUNT changes the number of mails, BENCH_ROUNDS the number of rounds (median reported); MAIL_* variables (MAIL_SMTP_POOL_SIZE,
 * MAIL_WORKER_CONCURRENCY, MAIL_BATCH_SIZE) are passed to Plenary, and the pool size to nodemailer too.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';
import { toMailEventContext } from '../../src/mail/mail-event-context';
import { MailRenderer } from '../../src/mail/mail-renderer';
import { LinkTokens } from '../../src/auth/link-tokens';
import { displayName } from '../../src/mail/mail.service';
import { startApp, TEST_JWT_SECRET } from '../support/app';
import { createTestDatabase } from '../support/database';
import { createPublishedEvent, createUser, invitees } from '../support/factories';
import globalSetup from '../support/global-setup';
import globalTeardown from '../support/global-teardown';
import { SmtpSink, startSmtpSink } from '../support/smtp';

export const description =
  '10,000 invitations rendered and delivered to a local SMTP sink: Plenary (HTTP mailing → delivered) vs raw pooled nodemailer';

const COUNT = Number(process.env.BENCH_MAIL_COUNT ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * Tuned for a fast SMTP relay on loopback (figures in test/bench/README.md); MAIL_* variables override.
 * Large batches mean fewer queue fetches. Production defaults are smaller: a batch must be sent within
 * MAIL_SEND_TIMEOUT_SECONDS even by a slow relay.
 */
const TUNING: Record<string, string> = {
  MAIL_SMTP_POOL_SIZE: '8',
  MAIL_WORKER_CONCURRENCY: '4',
  MAIL_BATCH_SIZE: '500',
  ...(Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('MAIL_'))) as Record<string, string>),
};
const POOL_SIZE = Number(TUNING.MAIL_SMTP_POOL_SIZE);
const PUBLIC_URL = 'https://plenary.example.org';
const FROM = 'Plenary <plenary@bench.example.org>';

const rate = (messages: number, ms: number) => Math.round((messages / ms) * 1000);

/** The baseline: what nodemailer alone does with the same templates and pool. */
async function rawNodemailer(sink: SmtpSink, recipients: ReturnType<typeof invitees>): Promise<number> {
  const renderer = new MailRenderer();
  const tokens = new LinkTokens(TEST_JWT_SECRET);
  const event = toMailEventContext(
    {
      id: randomUUID(),
      slug: 'bench',
      title: 'Regional Workshop on Migration',
      description: null,
      startDate: '2025-11-26',
      endDate: '2025-11-27',
      timezone: 'Asia/Karachi',
      venue: null,
      city: 'Islamabad',
      countryCode: 'PK',
      inviteOnly: true,
    },
    PUBLIC_URL,
  );
  const transporter = createTransport({ url: sink.url, pool: true, maxConnections: POOL_SIZE, maxMessages: 1000 }, { from: FROM });
  const base = (await sink.count()).count;
  const started = performance.now();
  await Promise.all(
    recipients.map(async (person) => {
      const id = randomUUID();
      const recipient = { honorific: null, givenName: person.givenName, familyName: person.familyName };
      const mail = renderer.render('invitation', {
        recipient,
        invitationUrl: `${event.registerUrl}?invitation=${tokens.tokenFor('invitation', id)}`,
        event,
        publicUrl: PUBLIC_URL,
      });
      await transporter.sendMail({
        messageId: `<${id}@bench.example.org>`,
        to: { name: displayName(recipient)!, address: person.email },
        ...mail,
      });
    }),
  );
  await sink.waitForCount(base + recipients.length, 120_000);
  const elapsed = performance.now() - started;
  transporter.close();
  return elapsed;
}

/** Plenary, started once: each `send` POSTs a mailing and waits until the sink holds every message. */
async function startPlenary(sink: SmtpSink, databaseUrl: string) {
  const app = await startApp({ DATABASE_URL: databaseUrl, SMTP_URL: sink.url, MAIL_FROM: FROM, PUBLIC_URL, ...TUNING });
  const organiser = await createUser(app.api, 'organiser');
  const event = await createPublishedEvent(organiser.api, { title: 'Regional Workshop on Migration' });
  const send = async (recipients: ReturnType<typeof invitees>) => {
    const base = (await sink.count()).count;
    const started = performance.now();
    const response = await organiser.api.post(`/events/${event.id}/invitations`, { recipients });
    if (response.status !== 202) throw new Error(`POST invitations: ${response.status} ${response.text.slice(0, 500)}`);
    const accepted = performance.now() - started;
    const counts = await sink.waitForCount(base + recipients.length, 120_000);
    if (counts.distinct !== counts.count) throw new Error(`duplicates: ${counts.count} messages, ${counts.distinct} Message-IDs`);
    return { accepted, delivered: performance.now() - started };
  };
  return { send, stop: () => app.stop() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<void> {
  await globalSetup();
  const [sink, database] = await Promise.all([startSmtpSink({ parse: 'headers' }), createTestDatabase()]);
  const plenary = await startPlenary(sink, database.url);
  try {
    // Warm-up of both (JIT, sink, connections), not measured.
    await rawNodemailer(sink, invitees(500, 'warmup-raw.example.org'));
    await plenary.send(invitees(500, 'warmup.example.org'));
    // Rounds alternate the two, so a machine busy with other work slows both alike; the median round is the result.
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const raw = await rawNodemailer(sink, invitees(COUNT, `raw-${round}.example.org`));
      const ours = await plenary.send(invitees(COUNT, `plenary-${round}.example.org`));
      const [rawRate, ourRate] = [rate(COUNT, raw), rate(COUNT, ours.delivered)];
      ratios.push(ourRate / rawRate);
      console.log(`round ${round}:`);
      console.log(`  raw nodemailer (pool of ${POOL_SIZE}):   ${COUNT} mails in ${(raw / 1000).toFixed(2)} s = ${rawRate} msgs/s`);
      console.log(
        `  Plenary (HTTP mailing → delivered): ${COUNT} mails in ${(ours.delivered / 1000).toFixed(2)} s = ${ourRate} msgs/s (202 Accepted after ${Math.round(ours.accepted)} ms)`,
      );
      console.log(`  ratio Plenary / raw nodemailer: ${(ourRate / rawRate).toFixed(2)}`);
    }
    console.log(
      `median ratio over ${ROUNDS} rounds: ${median(ratios).toFixed(2)} (Plenary: ${TUNING.MAIL_WORKER_CONCURRENCY} workers × batches of ${TUNING.MAIL_BATCH_SIZE}, pool of ${POOL_SIZE} in ${TUNING.MAIL_SENDER_THREADS ?? 2} sender threads)`,
    );
  } finally {
    await plenary.stop();
    await Promise.all([sink.stop(), database.drop()]);
    await globalTeardown();
  }
}
