import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, invitees, registrant, TestUser } from '../support/factories';
import { projectRoot } from '../support/paths';

/**
 * The mail outbox boundary (issue 15): every path that enqueues mail is guarded, so a mail whose queue
 * job cannot be written rolls back the change that caused it; and only the mail feature knows its
 * tables and the queue's.
 */
describe('Mail outbox: every mail queued, or the change rolls back', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    // Stands for any way the queue's table can silently refuse a job: a trigger that drops mail jobs.
    await ctx.db.query(`CREATE FUNCTION test_drop_mail_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
  });

  /** Runs `work` while the queue silently drops every mail job. */
  async function whileJobsAreDropped<T>(work: () => Promise<T>): Promise<T> {
    await ctx.db.query(
      `CREATE TRIGGER test_drop_mail_job BEFORE INSERT ON pgboss.job FOR EACH ROW WHEN (NEW.name = 'mail') EXECUTE FUNCTION test_drop_mail_job()`,
    );
    try {
      return await work();
    } finally {
      await ctx.db.query('DROP TRIGGER test_drop_mail_job ON pgboss.job');
    }
  }

  const count = async (sql: string, params: unknown[]): Promise<number> => (await ctx.db.query(sql, params)).rows[0].n as number;
  const registrationsOf = (eventId: string, email: unknown) =>
    count('SELECT count(*)::int AS n FROM registration WHERE event_id = $1 AND email = $2', [eventId, email]);
  const mailsTo = (email: unknown) => count('SELECT count(*)::int AS n FROM mail_message WHERE to_email = $1', [email]);

  it('a public registration (one statement with its mail, the enqueueing fragment) is not stored when its mail job is dropped', async () => {
    const event = await createPublishedEvent(organiser.api);
    const person = registrant();
    const refused = await whileJobsAreDropped(() => ctx.app.api.post(`/events/${event.slug}/registrations`, person));
    expect(refused.status).toBe(500);
    expect(await registrationsOf(event.id, person.email)).toBe(0);
    expect(await mailsTo(person.email)).toBe(0);

    // With the queue accepting jobs again, the same person registers, with their mail and its job.
    const accepted = await ctx.app.api.post(`/events/${event.slug}/registrations`, person);
    expect(accepted.status).toBe(201);
    expect(await registrationsOf(event.id, person.email)).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM mail_message m JOIN pgboss.job j ON j.id = m.id AND j.name = 'mail' WHERE m.to_email = $1`,
        [person.email],
      ),
    ).toBe(1);
  });

  it('a registration placed on the waitlist (the waitlist statement, the same fragment) is not stored when its mail job is dropped', async () => {
    const event = await createPublishedEvent(organiser.api, { capacity: 1 });
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant())).body.status).toBe('confirmed');
    const person = registrant();
    const refused = await whileJobsAreDropped(() => ctx.app.api.post(`/events/${event.slug}/registrations`, person));
    expect(refused.status).toBe(500);
    expect(await registrationsOf(event.id, person.email)).toBe(0);
    expect(await mailsTo(person.email)).toBe(0);

    const accepted = await ctx.app.api.post(`/events/${event.slug}/registrations`, person);
    expect(accepted.body).toEqual(expect.objectContaining({ status: 'waitlisted', waitlistPosition: 1 }));
  });

  it('an invitation mailing (MailService.enqueueQueued in a transaction) is not stored when its mail jobs are dropped', async () => {
    const event = await createPublishedEvent(organiser.api);
    const recipients = invitees(3, 'outbox.example.org');
    const refused = await whileJobsAreDropped(() => organiser.api.post(`/events/${event.id}/invitations`, { recipients }));
    expect(refused.status).toBe(500);
    expect(await count('SELECT count(*)::int AS n FROM mailing WHERE event_id = $1', [event.id])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM invitation WHERE event_id = $1', [event.id])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM mail_message WHERE event_id = $1', [event.id])).toBe(0);

    const accepted = await organiser.api.post(`/events/${event.id}/invitations`, { recipients });
    expect(accepted.status).toBe(202);
    expect(await count('SELECT count(*)::int AS n FROM mail_message WHERE event_id = $1', [event.id])).toBe(3);
  });

  it('a manage link sent again (MailService.enqueue in a transaction) is not stored when its mail job is dropped', async () => {
    const event = await createPublishedEvent(organiser.api);
    const person = registrant();
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, person)).status).toBe(201);
    const before = await mailsTo(person.email);
    const refused = await whileJobsAreDropped(() =>
      ctx.app.api.post(`/events/${event.slug}/registrations/manage-link`, { email: person.email }),
    );
    expect(refused.status).toBe(500);
    expect(await mailsTo(person.email)).toBe(before);

    // Nothing was stored, so the resend interval has not started: the next request sends the link.
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations/manage-link`, { email: person.email })).status).toBe(202);
    expect(
      await count(`SELECT count(*)::int AS n FROM mail_message WHERE to_email = $1 AND template = 'manage_link'`, [person.email]),
    ).toBe(1);
  });
});

describe('Mail outbox: only the mail feature knows its tables and the queue', () => {
  const source = join(projectRoot, 'src');
  const files = (readdirSync(source, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({
      path: relative(projectRoot, join(source, file)).split('\\').join('/'),
      text: readFileSync(join(source, file), 'utf8'),
    }));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no file outside src/mail/ and the migrations names mail_message or pgboss', () => {
    const naming = files.filter((file) => /pgboss|mail_message/.test(file.text)).map((file) => file.path);
    expect(naming.filter((path) => !path.startsWith('src/mail/') && !path.startsWith('src/database/migrations/'))).toEqual([]);
  });

  it("pg-boss's schema and package are known only to src/mail/queue/ (and the migrations)", () => {
    const knowing = files.filter((file) => /pgboss|from 'pg-boss'/.test(file.text)).map((file) => file.path);
    expect(knowing.filter((path) => !path.startsWith('src/mail/queue/') && !path.startsWith('src/database/migrations/'))).toEqual([]);
    expect(knowing).toEqual(expect.arrayContaining(['src/mail/queue/job-sql.ts', 'src/mail/queue/mail-queue.service.ts']));
  });
});
