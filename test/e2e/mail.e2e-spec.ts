import { createHash } from 'node:crypto';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, invitees, TestUser } from '../support/factories';
import { eventually, runMailScenario, waitForMailing } from '../support/mailings';
import { SinkMessage, SmtpSink, startSmtpSink } from '../support/smtp';

const TOKEN_IN_LINK = /\/register\?invitation=([A-Za-z0-9_-]{43})/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Mail: invitations delivered over SMTP', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = {
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_RETRY_DELAY_SECONDS: '1',
    MAIL_MAX_ATTEMPTS: '2',
    MAIL_FROM: 'Conference Secretariat <secretariat@cosom.example.org>',
    PUBLIC_URL: 'https://plenary.example.org',
  };
  beforeAll(async () => {
    sink = await startSmtpSink();
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink?.stop());
  const ctx = useApp(env);

  let organiser: TestUser;
  let event: any;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, {
      slug: 'cosom-islamabad-2025',
      title: 'International Conference on Countering the Smuggling of Migrants',
    });
    await ctx.db.query(
      `UPDATE event SET invite_only = true, venue = 'Jinnah Convention Centre', city = 'Islamabad', country_code = 'PK' WHERE id = $1`,
      [event.id],
    );
  });

  const messagesTo = async (emails: string[]): Promise<SinkMessage[]> => {
    const wanted = new Set(emails);
    return (await sink.messages()).filter((message) => message.envelopeTo.some((address) => wanted.has(address)));
  };

  it('an invitation mailing to 200 delegates arrives exactly once each, with html and text parts, their names and distinct one-time tokens', async () => {
    const recipients = invitees(200);
    const repeated = recipients.slice(0, 5).map((recipient) => ({ email: ` ${recipient.email.toUpperCase()} ` }));
    const response = await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [...recipients, ...repeated] });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ mailingId: expect.any(String), total: 200, duplicates: 5, skipped: [] });

    await sink.waitForCount(200);
    const progress = await waitForMailing(organiser.api, response.body.mailingId);
    expect(progress).toMatchObject({ id: response.body.mailingId, total: 200, queued: 0, sent: 200, failed: 0, status: 'completed' });

    const messages = await messagesTo(recipients.map((recipient) => recipient.email));
    expect(messages).toHaveLength(200);
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(200);
    expect(new Set(messages.flatMap((message) => message.envelopeTo))).toEqual(new Set(recipients.map((recipient) => recipient.email)));

    for (const recipient of recipients) {
      const [message] = messages.filter((candidate) => candidate.envelopeTo.includes(recipient.email));
      const name = `${recipient.givenName} ${recipient.familyName}`;
      expect(message.to).toEqual([{ address: recipient.email, name }]);
      expect(message.from).toBe('"Conference Secretariat" <secretariat@cosom.example.org>');
      expect(message.subject).toBe('Invitation: International Conference on Countering the Smuggling of Migrants, 26–27 November 2025');
      expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@cosom\.example\.org>$/);
      expect(message.html).toContain(`<bdi>Dear ${name}</bdi>`);
      expect(message.html).toContain('Jinnah Convention Centre, Islamabad, Pakistan');
      expect(message.text).toContain(`Dear ${name},`);
      expect(message.text).toContain('and can be used only once');
      const token = TOKEN_IN_LINK.exec(message.text!)![1];
      expect(message.text).toContain(`https://plenary.example.org/events/cosom-islamabad-2025/register?invitation=${token}`);
      expect(message.html).toContain(`invitation&#x3D;${token}`); // the same link, HTML-escaped
      tokens.set(recipient.email, token);
    }
    expect(new Set(tokens.values()).size).toBe(200);

    // Only a hash of each token is stored, and the log shows one attempt each with the server's 250.
    const { rows: invitations } = await ctx.db.query('SELECT email, token_hash FROM invitation WHERE mailing_id = $1', [
      response.body.mailingId,
    ]);
    expect(invitations).toHaveLength(200);
    for (const invitation of invitations) expect(invitation.token_hash).toBe(sha256(tokens.get(invitation.email)!));
    const log = await organiser.api.get(`/events/${event.id}/mail-log?status=sent&pageSize=200&mailingId=${response.body.mailingId}`);
    expect(log.body.total).toBe(200);
    expect(log.body.items.every((entry: any) => entry.attempts === 1 && /^250 /.test(entry.smtpResponse) && entry.sentAt)).toBe(true);
    expect(new Set(log.body.items.map((entry: any) => entry.messageId))).toEqual(new Set(messages.map((message) => message.messageId)));
    expect(JSON.stringify(log.body)).not.toMatch(/invitation=|token/i);
  });

  it('an invitation token can be used once: of two registrations racing with it, exactly one gets it', async () => {
    const [email, token] = [...tokens.entries()][7];
    const result = await runMailScenario(ctx.databaseUrl, 'consume-twice', [event.id, token]);
    expect(result.winners).toBe(1);
    expect(result.invitation).toMatchObject({ eventId: event.id, email, usedAt: expect.any(String) });
    expect(result.again).toBeNull();
    expect(result.madeUp).toBeNull();
    const { rows } = await ctx.db.query('SELECT used_at FROM invitation WHERE email = $1', [email]);
    expect(rows[0].used_at).toBeInstanceOf(Date);
  });

  it('escapes names with markup, quotes or Arabic script in html, keeps them intact in text, and never lets a title inject a header', async () => {
    const titled = await createPublishedEvent(organiser.api, { title: 'Regional Workshop\r\nBcc: intruder@example.org' });
    const people = [
      { email: 'script@names.example.org', givenName: '<script>alert(1)</script>', familyName: 'Smith' },
      { email: 'renee@names.example.org', givenName: 'Renée "Ré"', familyName: "O'Brien" },
      { email: 'aisha@names.example.org', givenName: 'عائشہ', familyName: 'خان' },
    ];
    const response = await organiser.api.post(`/events/${titled.id}/invitations`, { recipients: people });
    expect(response.status).toBe(202);
    await waitForMailing(organiser.api, response.body.mailingId);
    const messages = await messagesTo(people.map((person) => person.email));
    expect(messages).toHaveLength(3);
    const to = (email: string) => messages.find((message) => message.envelopeTo.includes(email))!;

    const script = to('script@names.example.org');
    expect(script.html).not.toContain('<script>');
    expect(script.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt; Smith');
    expect(script.text).toContain('Dear <script>alert(1)</script> Smith,');

    const renee = to('renee@names.example.org');
    expect(renee.to).toEqual([{ address: 'renee@names.example.org', name: 'Renée "Ré" O\'Brien' }]);
    expect(renee.html).toContain('Dear Renée &quot;Ré&quot; O&#x27;Brien');
    expect(renee.text).toContain('Dear Renée "Ré" O\'Brien,');

    const aisha = to('aisha@names.example.org');
    expect(aisha.to).toEqual([{ address: 'aisha@names.example.org', name: 'عائشہ خان' }]);
    expect(aisha.html).toContain('<bdi>Dear عائشہ خان</bdi>');
    expect(aisha.text).toContain('Dear عائشہ خان,');

    for (const message of messages) {
      expect(message.subject).toBe('Invitation: Regional Workshop Bcc: intruder@example.org, 26–27 November 2025');
      expect(message.headerKeys).not.toContain('bcc');
      expect(message.envelopeTo).toHaveLength(1);
    }
    expect(await messagesTo(['intruder@example.org'])).toEqual([]);

    const newline = await organiser.api.post(`/events/${titled.id}/invitations`, {
      recipients: [{ email: 'x@names.example.org', givenName: 'Eve\r\nBcc: intruder@example.org' }],
    });
    expect(newline.status).toBe(400);
    expect(newline.body.details).toEqual([
      { field: 'recipients.0.givenName', message: 'must not contain line breaks or control characters' },
    ]);
  });

  it('fails a mail at once on a permanent 5xx answer, retries a 4xx answer until its attempts are used up, and logs why', async () => {
    const faulty = await createPublishedEvent(organiser.api);
    await sink.rejectRecipients(/^refused@/, 550);
    await sink.rejectRecipients(/^greylisted@/, 450);
    try {
      const response = await organiser.api.post(`/events/${faulty.id}/invitations`, {
        recipients: [
          { email: 'accepted@faults.example.org' },
          { email: 'refused@faults.example.org' },
          { email: 'greylisted@faults.example.org' },
        ],
      });
      expect(response.status).toBe(202);
      const progress = await waitForMailing(organiser.api, response.body.mailingId, 20_000);
      expect(progress).toMatchObject({ total: 3, sent: 1, failed: 2, queued: 0 });
    } finally {
      await sink.rejectRecipients(null);
    }
    const failed = await organiser.api.get(`/events/${faulty.id}/mail-log?status=failed`);
    expect(failed.status).toBe(200);
    const byAddress = Object.fromEntries(failed.body.items.map((entry: any) => [entry.to, entry]));
    expect(Object.keys(byAddress).sort()).toEqual(['greylisted@faults.example.org', 'refused@faults.example.org']);
    expect(byAddress['refused@faults.example.org']).toMatchObject({
      attempts: 1,
      smtpResponse: expect.stringMatching(/^550 /),
      lastError: expect.stringContaining('550'),
      failedAt: expect.any(String),
    });
    expect(byAddress['greylisted@faults.example.org']).toMatchObject({
      attempts: 2,
      smtpResponse: expect.stringMatching(/^450 /),
      failedAt: expect.any(String),
    });
    expect((await messagesTo(['accepted@faults.example.org'])).length).toBe(1);
  });

  it('a transaction that enqueues mail and then rolls back sends nothing; one that commits always sends', async () => {
    const rolledBack = await runMailScenario(ctx.databaseUrl, 'rollback', [event.id, 'rolled-back@scenario.example.org'], {
      MAIL_FROM: env.MAIL_FROM,
    });
    expect(rolledBack.mailId).toEqual(expect.any(String));
    const committed = await runMailScenario(ctx.databaseUrl, 'commit', [event.id, 'committed@scenario.example.org'], {
      MAIL_FROM: env.MAIL_FROM,
    });

    await eventually(async () => (await messagesTo(['committed@scenario.example.org'])).length === 1, 10_000, 'the committed mail');
    const [mail] = await messagesTo(['committed@scenario.example.org']);
    expect(mail.subject).toBe('Registration confirmed: International Conference on Countering the Smuggling of Migrants');
    expect(mail.messageId).toBe(`<${committed.mailId}@cosom.example.org>`);

    expect(await messagesTo(['rolled-back@scenario.example.org'])).toEqual([]);
    const { rows: logged } = await ctx.db.query('SELECT to_email FROM mail_message WHERE id = ANY($1)', [
      [rolledBack.mailId, committed.mailId],
    ]);
    expect(logged).toEqual([{ to_email: 'committed@scenario.example.org' }]);
    const { rows: jobs } = await ctx.db.query(
      `SELECT id FROM pgboss.job WHERE name = 'mail' AND id = ANY($1) UNION ALL SELECT id FROM pgboss.archive WHERE id = ANY($1)`,
      [[rolledBack.mailId, committed.mailId]],
    );
    expect(jobs.map((job) => job.id)).toEqual([committed.mailId]);
    const { rows: events } = await ctx.db.query('SELECT description FROM event WHERE id = $1', [event.id]);
    expect(events[0].description).toBe('Changed with a committed mail');
  });

  describe('who may send a mailing, and what it may hold', () => {
    it('only the organisers of the event send invitations and watch the mailing', async () => {
      const outsider = await createUser(ctx.app.api, 'organiser');
      const draftOwner = await createUser(ctx.app.api, 'organiser');
      const draft = await createEvent(draftOwner.api);
      const body = { recipients: [{ email: 'someone@example.org' }] };

      expect((await ctx.app.api.post(`/events/${event.id}/invitations`, body)).status).toBe(401);
      expect((await outsider.api.post(`/events/${event.id}/invitations`, body)).status).toBe(403);
      expect((await outsider.api.post(`/events/${draft.id}/invitations`, body)).status).toBe(404);
      const unpublished = await draftOwner.api.post(`/events/${draft.id}/invitations`, body);
      expect(unpublished.status).toBe(409);
      expect(unpublished.body.code).toBe('EVENT_NOT_PUBLISHED');

      const mailing = await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [{ email: 'watched@example.org' }] });
      expect((await outsider.api.get(`/mailings/${mailing.body.mailingId}`)).status).toBe(403);
      expect((await outsider.api.get(`/events/${event.id}/mail-log`)).status).toBe(403);
      expect((await organiser.api.get('/mailings/8d5c1f0e-3a1b-4c55-9a43-3b3f2f1d2c01')).status).toBe(404);
      expect((await organiser.api.get('/mailings/not-an-id')).status).toBe(404);
    });

    it('refuses malformed recipient lists, naming each bad field, and more than 10,000 recipients', async () => {
      const bad = await organiser.api.post(`/events/${event.id}/invitations`, {
        recipients: [
          { email: 'fine@example.org' },
          { email: 'not-an-email' },
          { email: 'x@example.org', delegationId: 'PK' },
          { email: 'y@example.org', role: 'vip' },
        ],
        template: 'outcome_summary',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual(
        expect.arrayContaining([
          { field: 'recipients.1.email', message: 'must be an email address' },
          { field: 'recipients.2.delegationId', message: 'must be a UUID' },
          { field: 'recipients.3.role', message: 'should not exist' },
          { field: 'template', message: expect.stringContaining('must be one of') },
        ]),
      );
      expect((await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [] })).status).toBe(400);
      const tooMany = await organiser.api.post(`/events/${event.id}/invitations`, { recipients: invitees(10_001, 'many.example.org') });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.details).toEqual([{ field: 'recipients', message: 'must contain no more than 10000 elements' }]);
      const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM mail_message WHERE to_email LIKE '%@many.example.org'`);
      expect(rows[0].n).toBe(0);
    });
  });
});
