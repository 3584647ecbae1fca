import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { withDatabase } from '../support/global-setup';
import { createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import type { ApiResponse } from '../support/http';
import { eventually } from '../support/mailings';
import { dist } from '../support/paths';
import { RunningPgBouncer, startPgBouncer } from '../support/pgbouncer';
import { SinkMessage, SmtpSink, startSmtpSink } from '../support/smtp';

const adminQuery = async (sql: string) => {
  const client = new Client({ connectionString: process.env.PLENARY_TEST_ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};

/**
 * Managed PostgreSQL often sits behind PgBouncer in transaction mode: each transaction may run on
 * another server connection, so nothing that lives in a session (named prepared statements, session
 * advisory locks) survives from one transaction to the next. Two instances start together on an empty
 * database through Debian's PgBouncer with DATABASE_POOLER=transaction (on whichever server the suite
 * runs: the machine's PostgreSQL or the embedded one), then people register, are mailed, cancel, are
 * promoted, and the organiser exports the list.
 */
describe('Behind PgBouncer in transaction mode (DATABASE_POOLER=transaction)', () => {
  const databaseName = `plenary_t_${process.env.PLENARY_TEST_RUN_ID}_pool_${randomBytes(4).toString('hex')}`;
  const directUrl = withDatabase(process.env.PLENARY_TEST_ADMIN_URL!, databaseName);
  let pgbouncer: RunningPgBouncer;
  let smtp: SmtpSink;
  let direct: Pool;
  const apps: RunningApp[] = [];
  /** Instances started by one test, stopped by it. */
  const extraApps: RunningApp[] = [];
  const startFailures: string[] = [];
  let organiser: TestUser;

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${databaseName}`); // empty: the instances migrate it, through the pooler
    direct = new Pool({ connectionString: directUrl, max: 2 });
    // A small server pool, so transactions of different clients keep trading server connections.
    [pgbouncer, smtp] = await Promise.all([startPgBouncer(directUrl, { poolMode: 'transaction', poolSize: 4 }), startSmtpSink()]);
    const env = {
      DATABASE_URL: pgbouncer.url,
      DATABASE_POOLER: 'transaction',
      SMTP_URL: smtp.url,
      REGISTRATION_RATE_LIMIT: '0',
      MAIL_POLL_INTERVAL_MS: '500',
      PUBLIC_URL: 'https://plenary.example.org',
    };
    // Both at once on the empty database: the migration lock must hold through the pooler.
    const started = await Promise.allSettled([startApp(env), startApp(env)]);
    for (const result of started) {
      if (result.status === 'fulfilled') apps.push(result.value);
      else startFailures.push(String((result.reason as Error).message).slice(-3000)); // the end holds the error
    }
    if (apps.length === 0) throw new Error(`No instance started through PgBouncer:\n${startFailures.join('\n')}`);
    organiser = await createUser(apps[0].api, 'organiser');
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await smtp?.stop();
    await direct?.end();
    await pgbouncer?.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  });

  /** The instances in turn, so concurrent requests go through both. */
  const instance = (index: number) => apps[index % apps.length];
  const mailsTo = async (email: string): Promise<SinkMessage[]> =>
    (await smtp.messages()).filter((message) => message.envelopeTo.includes(email));
  const MANAGE_LINK = /\/registrations\/manage\/([\w-]+)/;
  /** An unexpected answer, with the error the server logged for it (found by request id), so a failure says what broke. */
  const unexpected = (answers: ApiResponse[], expected: number[]) =>
    answers
      .filter((answer) => !expected.includes(answer.status))
      .map((answer) => {
        const requestId = answer.body?.requestId as string | undefined;
        const logged = requestId
          ? [...apps, ...extraApps].flatMap((app) => app.process.output).find((line) => line.includes(requestId) && line.includes('"err"'))
          : undefined;
        const message = logged ? (JSON.parse(logged) as { err?: { message?: string } }).err?.message : undefined;
        return `${answer.status} ${answer.body?.code ?? answer.text}${message ? `: ${message}` : ''}`;
      });

  it('both instances start together on an empty database and migrate it exactly once, through the pooler', async () => {
    expect(startFailures).toEqual([]);
    expect(apps).toHaveLength(2);
    const migrationFiles = readdirSync(dist('src', 'database', 'migrations')).filter((file) => file.endsWith('.js'));
    const { rows } = await direct.query<{ name: string; count: number }>(
      'SELECT name, count(*)::int AS count FROM migrations GROUP BY name',
    );
    expect(rows).toHaveLength(migrationFiles.length);
    expect(rows.every((row) => row.count === 1)).toBe(true);
    for (const app of apps) expect((await app.api.get('/health')).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('40 people register at once for 25 seats through both instances: 25 confirmed, 15 waitlisted in order, no 500, one mail each', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 25, title: 'Regional Consultation on Labour Migration' });
    const people = Array.from({ length: 40 }, () => registrant());
    const answers = await Promise.all(
      people.map((person, index) => instance(index).api.post(`/events/${event.slug}/registrations`, person)),
    );
    expect(unexpected(answers, [201])).toEqual([]);
    const statuses = answers.map((answer) => answer.body.status);
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(25);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(15);
    const positions = answers.filter((answer) => answer.body.status === 'waitlisted').map((answer) => answer.body.waitlistPosition);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));

    for (const [index, person] of people.entries()) {
      const [mail] = await eventually(
        async () => {
          const mails = await mailsTo(person.email as string);
          return mails.length > 0 && mails;
        },
        60_000,
        `a mail to ${person.email}`,
      );
      expect(mail.subject).toMatch(statuses[index] === 'confirmed' ? /^Registration confirmed/ : /^Waiting list/);
    }
    await new Promise((done) => setTimeout(done, 1500)); // any second mail would have arrived by now
    for (const person of people) expect(await mailsTo(person.email as string)).toHaveLength(1);
  });

  it('30 people register at once for an event without a limit, and the same person twice: 201 for each, 409 for the repeat, never 500', async () => {
    const event = await createPublishedEvent(organiser.api, { title: 'High-Level Dialogue on Remittances' });
    const people = Array.from({ length: 30 }, () => registrant());
    const twice = registrant({ givenName: 'Farah', familyName: 'Qureshi' });
    const answers = await Promise.all(
      [...people, twice, twice].map((person, index) => instance(index).api.post(`/events/${event.id}/registrations`, person)),
    );
    const byStatus = (status: number) => answers.filter((answer) => answer.status === status);
    expect(unexpected(answers, [201, 409])).toEqual([]);
    expect(byStatus(201)).toHaveLength(31);
    expect(byStatus(409).map((answer) => answer.body.code)).toEqual(['REGISTRATION_EXISTS']);
    expect(byStatus(201).every((answer) => answer.body.status === 'confirmed')).toBe(true);
    for (const person of [...people, twice]) {
      await eventually(async () => (await mailsTo(person.email as string)).length === 1, 60_000, `the confirmation to ${person.email}`);
    }
  });

  it('a confirmed delegate cancels with the manage link from their mail; waitlist #1 is promoted and mailed', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 1, title: 'Workshop on Return and Reintegration' });
    const seated = registrant({ givenName: 'Nabeel', familyName: 'Munir' });
    const waiting = registrant({ givenName: 'Mio', familyName: 'Sato' });
    expect((await instance(0).api.post(`/events/${event.slug}/registrations`, seated)).body.status).toBe('confirmed');
    expect((await instance(1).api.post(`/events/${event.slug}/registrations`, waiting)).body).toEqual(
      expect.objectContaining({ status: 'waitlisted', waitlistPosition: 1 }),
    );
    const confirmation = await eventually(
      async () => (await mailsTo(seated.email as string)).find((mail) => MANAGE_LINK.test(mail.text ?? '')),
      60_000,
      'the confirmation',
    );
    const token = MANAGE_LINK.exec(confirmation.text!)![1];

    const cancelled = await instance(1).api.post(`/registrations/manage/${token}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const promotion = await eventually(
      async () => (await mailsTo(waiting.email as string)).find((mail) => /^A seat is now available/.test(mail.subject ?? '')),
      60_000,
      'the promotion mail',
    );
    const promotedToken = MANAGE_LINK.exec(promotion.text!)![1];
    const view = await instance(0).api.get(`/registrations/manage/${promotedToken}`);
    expect(view.body.registration).toEqual(expect.objectContaining({ email: waiting.email, status: 'confirmed', waitlistPosition: null }));
  });

  it("the organiser's CSV export streams every registration of the event through the pooler", async () => {
    const event = await createPublishedEvent(organiser.api, { title: 'Expert Group Meeting on Data' });
    const people = Array.from({ length: 12 }, (_, index) => registrant({ familyName: `Khan ${index}` }));
    const answers: ApiResponse[] = [];
    for (const [index, person] of people.entries())
      answers.push(await instance(index).api.post(`/events/${event.id}/registrations`, person));
    expect(unexpected(answers, [201])).toEqual([]);
    // Several exports at once, through both instances, each holding its stream open while others query.
    const exports = await Promise.all(
      [0, 1, 2, 3].map((index) =>
        fetch(`${instance(index).api.baseUrl}/events/${event.id}/registrations.csv`, {
          headers: { authorization: `Bearer ${organiser.token}` },
        }),
      ),
    );
    for (const response of exports) {
      expect(response.status).toBe(200);
      const csv = await response.text();
      for (const person of people) expect(csv).toContain(person.email as string);
      expect(
        csv
          .trim()
          .split('\n')
          .filter((line) => line.includes('@example.org')),
      ).toHaveLength(people.length);
    }
  });

  it('without DATABASE_POOLER, an instance notices the transaction pooler at start-up, and registrations still work', async () => {
    const noticing = await startApp({
      DATABASE_URL: pgbouncer.url,
      SMTP_URL: smtp.url,
      REGISTRATION_RATE_LIMIT: '0',
      MAIL_WORKER_CONCURRENCY: '0',
    });
    extraApps.push(noticing);
    try {
      expect(noticing.process.output.join('\n')).toContain('DATABASE_URL goes through a transaction pooler');
      const event = await createPublishedEvent(organiser.api, { capacity: 10, title: 'Side Event on Climate Mobility' });
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => noticing.api.post(`/events/${event.slug}/registrations`, registrant())),
      );
      expect(unexpected(answers, [201])).toEqual([]);
      expect(answers.filter((answer) => answer.body.status === 'confirmed')).toHaveLength(10);
    } finally {
      await noticing.stop();
    }
  });

  it('a pooler in statement mode, which cannot run multi-statement transactions, stops the start-up with a message saying so', async () => {
    const statementMode = await startPgBouncer(directUrl, { poolMode: 'statement', poolSize: 2 });
    try {
      const refusal = await startApp({ DATABASE_URL: statementMode.url, DATABASE_POOLER: 'transaction' }).then(
        async (app) => {
          await app.stop(); // it should not have started: stop it, and fail below
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(refusal).toMatch(
        /DATABASE_URL goes through a pooler in statement mode, which refuses transactions of more than one statement/,
      );
    } finally {
      await statementMode.stop();
    }
  });
});
