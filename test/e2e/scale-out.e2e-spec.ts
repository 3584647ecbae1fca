import type { Pool } from 'pg';
import { RunningApp, startApp } from '../support/app';
import { inParallel } from '../support/concurrency';
import { createTestDatabase } from '../support/database';
import { createPublishedEvent, createUser, invitees, registrant, TestUser } from '../support/factories';
import { waitForMailing } from '../support/mailings';
import { SmtpSink, startSmtpSink } from '../support/smtp';

/**
 * Two Plenary instances on one PostgreSQL, as behind a load balancer: capacity holds across them because
 * the database enforces it, and their mail workers share one queue, so a mailing goes out once.
 */
describe('Two instances on one database', () => {
  let sink: SmtpSink;
  let database: { url: string; pool: Pool; drop(): Promise<void> };
  const instances: RunningApp[] = [];
  let organiser: TestUser;

  beforeAll(async () => {
    [sink, database] = await Promise.all([startSmtpSink({ parse: 'headers' }), createTestDatabase()]);
    // Each instance names itself in EHLO (nodemailer's `name`), so the sink can tell who sent a mail.
    const start = (name: string) =>
      startApp({
        DATABASE_URL: database.url,
        SMTP_URL: `${sink.url}/?name=${name}`,
        REGISTRATION_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        MAIL_POLL_INTERVAL_MS: '500',
        MAIL_BATCH_SIZE: '100',
      });
    instances.push(...(await Promise.all([start('plenary-a'), start('plenary-b')])));
    organiser = await createUser(instances[0].api, 'organiser');
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await Promise.all([sink?.stop(), database?.drop()]);
  });

  it('1,000 people registering at once for 100 seats, through both instances: exactly 100 confirmed, 900 on a gapless waitlist', async () => {
    const event = await createPublishedEvent(instances[0].api.as(organiser.token), { capacity: 100 });
    const people = Array.from({ length: 1000 }, () => registrant());
    const answers = await inParallel(people, 200, (person, index) =>
      instances[index % 2].api.post(`/events/${event.slug}/registrations`, person),
    );
    expect(answers.filter((answer) => answer.status !== 201).map((answer) => `${answer.status} ${answer.text}`)).toEqual([]);
    expect(answers.filter((answer) => answer.body.status === 'confirmed')).toHaveLength(100);

    const { rows: byStatus } = await database.pool.query(
      `SELECT status, count(*)::int AS n FROM registration WHERE event_id = $1 GROUP BY status ORDER BY status`,
      [event.id],
    );
    expect(byStatus).toEqual([
      { status: 'confirmed', n: 100 },
      { status: 'waitlisted', n: 900 },
    ]);
    const { rows: positions } = await database.pool.query(
      `SELECT waitlist_position AS p FROM registration WHERE event_id = $1 AND status = 'waitlisted' ORDER BY 1`,
      [event.id],
    );
    expect(positions.map((row) => row.p)).toEqual(Array.from({ length: 900 }, (_, index) => index + 1));
    // Each confirmed registration holds one seat of the event, and no seat is held twice.
    const { rows: seats } = await database.pool.query(
      `SELECT count(*)::int AS held, count(DISTINCT s.registration_id)::int AS holders
       FROM event_seat s JOIN registration r ON r.id = s.registration_id
       WHERE s.event_id = $1 AND r.status = 'confirmed'`,
      [event.id],
    );
    expect(seats[0]).toEqual({ held: 100, holders: 100 });
  });

  it('a 2,000-recipient mailing is sent by the workers of both instances, and everyone gets exactly one mail', async () => {
    const api = instances[0].api.as(organiser.token);
    const event = await createPublishedEvent(api);
    const recipients = invitees(2000, 'two-instances.example.org');
    const response = await api.post(`/events/${event.id}/invitations`, { recipients });
    expect(response.status).toBe(202);
    expect(await waitForMailing(api, response.body.mailingId, 120_000)).toMatchObject({ total: 2000, sent: 2000, failed: 0 });

    const messages = (await sink.messages()).filter((message) => message.envelopeTo[0].endsWith('@two-instances.example.org'));
    expect(messages).toHaveLength(2000);
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(2000);
    expect(new Set(messages.map((message) => message.envelopeTo[0])).size).toBe(2000);
    const bySender = new Map<string, number>();
    for (const message of messages) bySender.set(message.heloName, (bySender.get(message.heloName) ?? 0) + 1);
    process.stdout.write(`Mailing of 2,000 sent by ${JSON.stringify(Object.fromEntries(bySender))}\n`);
    expect([...bySender.keys()].sort()).toEqual(['plenary-a', 'plenary-b']);
  });
});
