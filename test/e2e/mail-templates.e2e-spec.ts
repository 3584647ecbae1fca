import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '../support/app';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, TestUser } from '../support/factories';
import { waitForMailing } from '../support/mailings';
import { dist } from '../support/paths';
import { spawnNode } from '../support/processes';

/** This server has no SMTP_URL: mail goes to DATA_DIR/mail as .eml files, as with `npm start` on a laptop. */
describe('Mail templates of an event, previews, and mail without an SMTP server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-mail-'));
  const ctx = useApp({ DATA_DIR: dataDir, MAIL_POLL_INTERVAL_MS: '500', PUBLIC_URL: 'https://plenary.example.org' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let organiser: TestUser;
  let event: any;
  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createEvent(organiser.api, { title: 'Regional Workshop on Migration' });
  });
  const templates = (path = '') => `/events/${event.id}/mail-templates${path}`;

  it('lists the mails of an event with what each is for, none overridden yet', async () => {
    const response = await organiser.api.get(templates());
    expect(response.status).toBe(200);
    expect(response.body.map((template: any) => template.name)).toEqual([
      'invitation',
      'delegation_invitation',
      'registration_received',
      'registration_confirmed',
      'waitlisted',
      'promoted_from_waitlist',
      'registration_rejected',
      'manage_link',
      'team_invitation',
      'speaker_invitation',
      'outcome_summary',
      // Issue 18, the focal points' portal.
      'portal_sign_in',
      'nomination',
      'accreditation_nominated',
      'accreditation_submitted',
      'accreditation_returned',
      'accreditation_accredited',
      'visa_letter',
    ]);
    for (const template of response.body) {
      expect(template).toEqual({
        name: expect.any(String),
        description: expect.any(String),
        overridden: { subject: false, html: false, text: false },
        updatedAt: null,
      });
    }
  });

  it("shows a template's source and the data it receives", async () => {
    const response = await organiser.api.get(templates('/waitlisted'));
    expect(response.status).toBe(200);
    expect(response.body.subject).toBe('Waiting list: {{event.title}}\n');
    expect(response.body.html).toContain('{{#> layouts/html}}');
    expect(response.body.text).toContain('{{waitlistPosition}}');
    expect(response.body.sampleData).toMatchObject({ recipient: { givenName: 'Amina' }, waitlistPosition: 3 });
    expect((await organiser.api.get(templates('/no_such_mail'))).status).toBe(404);
  });

  it('refuses an override that does not compile or render, naming the part and the line', async () => {
    const syntax = await organiser.api.put(templates('/invitation'), { html: '<p>Dear colleague,</p>\n<p>{{#if recipient.givenName}</p>' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.code).toBe('TEMPLATE_INVALID');
    expect(syntax.body.line).toBe(2);
    expect(syntax.body.details).toEqual([{ field: 'html', message: expect.stringMatching(/^line 2: syntax error/) }]);

    const unknown = await organiser.api.put(templates('/invitation'), { text: 'Dear colleague,\n\nYour code: {{delegation.code}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'text', message: 'line 3: "code" is not defined (no such value or helper)' }]);

    expect((await organiser.api.put(templates('/invitation'), { subject: '' })).status).toBe(400);
    expect((await organiser.api.put(templates('/invitation'), { footer: 'x' })).body.details).toEqual([
      { field: 'footer', message: 'should not exist' },
    ]);
    expect((await organiser.api.put(templates('/no_such_mail'), { subject: 'Hello' })).status).toBe(404);
    expect((await organiser.api.get(templates('/invitation'))).body.overridden).toEqual({ subject: false, html: false, text: false });
  });

  it('saves an override, previews it with sample or given data, and sends real mail with it (as .eml files)', async () => {
    const saved = await organiser.api.put(templates('/invitation'), {
      subject: 'You are invited, {{fullName recipient}}: {{event.title}}',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      name: 'invitation',
      overridden: { subject: true, html: false, text: false },
      subject: 'You are invited, {{fullName recipient}}: {{event.title}}',
      updatedAt: expect.any(String),
    });
    expect((await organiser.api.get(templates())).body[0].overridden.subject).toBe(true);

    const sample = await organiser.api.post(templates('/invitation/preview'), {});
    expect(sample.status).toBe(200);
    expect(sample.body.subject).toBe('You are invited, Dr Amina Rahman: Regional Workshop on Migration');
    expect(sample.body.text).toContain('Dear Dr Amina Rahman,');

    const given = await organiser.api.post(templates('/invitation/preview'), {
      data: { recipient: { honorific: null, givenName: '<b>Li</b>', familyName: 'Wei' }, invitationUrl: 'https://plenary.example.org/x' },
      text: 'Hello {{recipient.givenName}}: {{invitationUrl}}',
    });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({
      subject: 'You are invited, <b>Li</b> Wei: Regional Workshop on Migration',
      html: expect.stringContaining('Dear &lt;b&gt;Li&lt;/b&gt; Wei'),
      text: 'Hello <b>Li</b>: https://plenary.example.org/x\n',
    });
    expect((await organiser.api.post(templates('/invitation/preview'), { html: '{{#each}}' })).status).toBe(400);

    const published = await createPublishedEvent(organiser.api, { title: 'Regional Workshop on Migration' });
    await organiser.api.put(`/events/${published.id}/mail-templates/invitation`, { subject: 'You are invited, {{fullName recipient}}' });
    const mailing = await organiser.api.post(`/events/${published.id}/invitations`, {
      recipients: [{ email: 'amina@example.org', givenName: 'Amina', familyName: 'Rahman' }, { email: 'li@example.org' }],
    });
    expect(mailing.status).toBe(202);
    await waitForMailing(organiser.api, mailing.body.mailingId);

    const log = await organiser.api.get(`/events/${published.id}/mail-log`);
    expect(log.body.items).toHaveLength(2);
    for (const entry of log.body.items) {
      const file = join(dataDir, 'mail', `${entry.id}.eml`);
      expect(entry.smtpResponse).toBe(`written to ${file}`);
      const eml = readFileSync(file, 'utf8');
      expect(eml).toContain(`Message-ID: ${entry.messageId}`);
      expect(eml).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
      expect(eml).toMatch(/^Content-Type: text\/html; charset=utf-8$/m);
    }
    const amina = readFileSync(
      join(dataDir, 'mail', `${log.body.items.find((entry: any) => entry.to === 'amina@example.org').id}.eml`),
      'utf8',
    );
    expect(amina).toContain('Subject: You are invited, Amina Rahman');
    expect(amina).toContain('To: Amina Rahman <amina@example.org>');
    const logLine = ctx.app.process.output.find((line) => line.includes('for amina@example.org written to'));
    expect(logLine).toMatch(/"Mail <[^>]+@localhost> for amina@example.org written to /);
    expect(logLine).not.toContain('invitation=');
  });

  it('goes back to the default when no part is given', async () => {
    const reset = await organiser.api.put(templates('/invitation'), { subject: null });
    expect(reset.status).toBe(200);
    expect(reset.body.overridden).toEqual({ subject: false, html: false, text: false });
    expect(reset.body.subject).toBe('Invitation: {{event.title}}, {{event.dates}}\n');
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM mail_template_override WHERE event_id = $1`, [event.id]);
    expect(rows[0].n).toBe(0);
  });

  it("only the event's organisers see and change its templates", async () => {
    const outsider = await createUser(ctx.app.api, 'organiser');
    expect((await outsider.api.get(templates())).status).toBe(404); // a draft is invisible to others
    expect((await outsider.api.put(templates('/invitation'), { subject: 'Hi' })).status).toBe(404);
    expect((await ctx.app.api.post(templates('/invitation/preview'), {})).status).toBe(401);
  });

  it('the CLI lists the latest mails and shows the progress of a mailing', async () => {
    const cli = async (...args: string[]) => {
      const child = spawnNode(dist('src', 'cli', 'main.js'), args, {
        env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: ctx.databaseUrl, JWT_SECRET: TEST_JWT_SECRET },
      });
      expect(await child.exited).toBe(0);
      return child.output.join('\n');
    };
    const list = await cli('mail:list', '--limit', '5');
    expect(list).toMatch(/^created \(UTC\)\s+status\s+attempts\s+template\s+to/m);
    expect(list).toMatch(/sent\s+1\s+invitation\s+amina@example\.org/);

    const { rows } = await ctx.db.query('SELECT id FROM mailing ORDER BY created_at DESC LIMIT 1');
    const status = await cli('mailing:status', rows[0].id);
    expect(status).toContain('[██████████████████████████████] 100%  2/2 done · 2 sent · 0 failed · 0 queued');
    expect(status).toContain(`Mailing ${rows[0].id} (invitation) completed: 2 sent, 0 failed of 2`);
  });
});
