import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant } from '../support/factories';
import { useSmtpSink } from '../support/smtp';

/** Issue 14 (#14): the demo seed, with a real SMTP server configured, mails none of its sample people. */
describe('The demo seed with SMTP_URL set', () => {
  const env: Record<string, string> = { DEMO_SEED: 'true', REGISTRATION_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);

  it('seeds the Islamabad demo without mailing its example.org people; mail for a real registration goes out', async () => {
    // The server seeds before it listens, so the demo is there once it answers.
    const events = expectStatus(await ctx.app.api.get('/events'), 200, 'events').items;
    const conference = events.find((event: any) => event.slug === 'cosom-islamabad-2025');
    expect(conference).toBeDefined();
    expect(Number((await ctx.db.query('SELECT count(*) FROM registration')).rows[0].count)).toBeGreaterThan(0);
    expect(Number((await ctx.db.query('SELECT count(*) FROM delegation WHERE head_email IS NOT NULL')).rows[0].count)).toBeGreaterThan(0);
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM mail_message')).rows[0].n).toBe(0);

    const organiser = await createUser(ctx.app.api, 'organiser');
    const event = await createPublishedEvent(organiser.api);
    const person = registrant({ email: 'a.real.person@ministry.example' });
    expectStatus(await ctx.app.api.post(`/events/${event.slug}/registrations`, person), 201, 'registration');
    await smtp.sink.waitForCount(1, 60_000);
    const messages = await smtp.sink.messages();
    expect(messages.map((message) => message.envelopeTo)).toEqual([['a.real.person@ministry.example']]);
  });
});
