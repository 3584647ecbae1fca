import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, WIDTHS, inspectScreen, signedIn, signIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { eventually, waitForMailing } from '../support/mailings';
import { outputPath } from '../support/paths';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 17: the console's mail templates, used in a real browser against the real server, PostgreSQL and an
 * SMTP sink: an organiser overrides the invitation, watches the preview follow the typing, saves, breaks it
 * and is refused with the part and the line, sends invitations that use what is saved, and reverts.
 */
describe('Console: mail templates', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500', PUBLIC_URL: 'http://plenary.example.org' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  const password = 'correct horse battery staple';
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string; title: string; dates?: string };
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** Full-page screenshots leave a sandboxed frame below the fold blank (it paints in its own process): the frame, photographed by itself at both widths. */
  const photographFrame = async (name: string) => {
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.locator('#preview-html').screenshot({ path: outputPath('screenshots', 'console', `${name}-${viewport.width}.png`) });
    }
    await page.setViewportSize(WIDTHS[0]);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    event = await createPublishedEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password }));
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const editorPath = (name = 'invitation') => `/console/events/${event.id}/mail/templates/${name}`;
  const saved = async (name = 'invitation') =>
    expectStatus(await organiser.api.get(`/events/${event.id}/mail-templates/${name}`), 200, name);
  const overrideRows = async () =>
    (await ctx.db.query('SELECT name, subject, html, text FROM mail_template_override WHERE event_id = $1', [event.id])).rows;
  const postOf = (path: string) => (response: Response) =>
    response.request().method() === 'POST' && new URL(response.url()).pathname === path;
  /** Sends one invitation through the API and answers the mail the SMTP sink received for it. */
  const invite = async (email: string, givenName: string, familyName: string) => {
    const { mailingId } = expectStatus(
      await organiser.api.post(`/events/${event.id}/invitations`, { recipients: [{ email, givenName, familyName }] }),
      202,
      'an invitation',
    );
    await waitForMailing(organiser.api, mailingId, 60_000);
    return eventually(async () => (await smtp.sink.messages()).find((message) => message.envelopeTo.includes(email)), 30_000, email);
  };

  const subject = '{{event.title}}: an invitation for {{fullName recipient}}';
  const html = [
    '<p>Dear {{fullName recipient}},</p>',
    '<p>Welcome to the {{event.title}}.</p>',
    '<p><a href="{{invitationUrl}}">Register here</a></p>',
  ].join('\n');

  it('lists every template of the event with when it is sent and whether the event has its own version', async () => {
    await page.goto(`/console/events/${event.id}/mail/templates`);
    const rows = page.getByRole('region', { name: "The event's mail templates" }).getByRole('row');
    // Eleven, issue 18's six of the focal points' portal and the visa letter's.
    expect(await rows.count()).toBe(1 + 11 + 6 + 1);
    const invitation = page.getByRole('row', { name: /^Invitation Invitation to an event/ });
    expect(await invitation.getByRole('cell').nth(2).textContent()).toBe('Default');
    expect(await page.getByRole('navigation', { name: 'Mail' }).getByRole('link', { name: 'Templates' }).getAttribute('aria-current')).toBe(
      'page',
    );
    problems.push(...(await inspectScreen(page, 'mail-templates', 'Mail templates')));
  });

  it('overrides the invitation: the preview, rendered by the server, follows the typing; then it is saved', async () => {
    await page.getByRole('link', { name: 'Invitation', exact: true }).click();
    await page.waitForURL(`**${editorPath()}`);
    // Prefilled with the default, and previewed with sample data in this event.
    expect(await page.getByLabel('Subject').inputValue()).toBe('Invitation: {{event.title}}, {{event.dates}}');
    expect(await page.getByLabel('HTML part', { exact: true }).inputValue()).toContain('{{#> layouts/html}}');
    expect(await page.locator('#preview-subject').textContent()).toBe(`Invitation: ${event.title}, 26–27 November 2025`);
    expect(await page.locator('#preview-html').getAttribute('sandbox')).toBe('');
    await page.frameLocator('#preview-html').getByText('Register for the event').waitFor();

    const previews: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/mail/templates/invitation/preview.json')) previews.push(request.postData() ?? '');
    });
    await page.getByLabel('Subject').fill('');
    await page.getByLabel('Subject').pressSequentially(subject, { delay: 15 });
    await page.locator('#preview-subject', { hasText: `${event.title}: an invitation for Dr Amina Rahman` }).waitFor();
    await page.getByLabel('HTML part', { exact: true }).fill(html);
    await page.frameLocator('#preview-html').getByText(`Welcome to the ${event.title}.`).waitFor();
    expect(await page.frameLocator('#preview-html').getByText('Dear Dr Amina Rahman,').isVisible()).toBe(true);
    // Each preview carried the form's CSRF token; typing a sentence did not post once per key.
    expect(previews.length).toBeGreaterThan(0);
    expect(previews.every((body) => new URLSearchParams(body).get('_csrf'))).toBe(true);
    expect(previews.length).toBeLessThan(subject.length);
    problems.push(...(await inspectScreen(page, 'mail-template-editor', 'Invitation')));

    const [response] = await Promise.all([
      page.waitForResponse(postOf(editorPath())),
      page.getByRole('button', { name: 'Save template' }).click(),
    ]);
    expect(response.status()).toBe(303);
    await page.waitForURL(`**${editorPath()}?done=saved`);
    expect(await page.getByRole('status').first().textContent()).toContain('Template saved');
    const stored = await saved();
    // The text part was left as the default, so it stays the default (not a copy of it).
    expect(stored.overridden).toEqual({ subject: true, html: true, text: false });
    expect(stored.subject).toBe(subject);
    expect(stored.html).toBe(html);
  });

  it('refuses a broken template, naming the part and the line beside the field and keeping the typing; the saved one still applies', async () => {
    await page.goto(editorPath());
    const broken = ['<p>Dear {{fullName recipient}},</p>', '{{#if recipient.givenName}}', '<p>Welcome to the {{event.title}}.</p>'].join(
      '\n',
    );
    await page.getByLabel('HTML part', { exact: true }).fill(broken);
    const [response] = await Promise.all([
      page.waitForResponse(postOf(editorPath())),
      page.getByRole('button', { name: 'Save template' }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.getByRole('alert').waitFor();
    const field = page.getByLabel('HTML part', { exact: true });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe('html-error');
    expect(await page.locator('#html-error').textContent()).toBe('Line 2: syntax error: the {{#if}} block is never closed (no {{/if}})');
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([
      'HTML part: line 2: syntax error: the {{#if}} block is never closed (no {{/if}})',
    ]);
    expect(await field.inputValue()).toBe(broken);
    expect(await page.getByLabel('Subject').inputValue()).toBe(subject);
    // The preview beside it is of the saved version, said so.
    expect(await page.locator('#preview-about').textContent()).toContain('The saved version');
    expect(await page.locator('#preview-subject').textContent()).toBe(`${event.title}: an invitation for Dr Amina Rahman`);
    problems.push(...(await inspectScreen(page, 'mail-template-editor-error', 'Invitation')));
    await photographFrame('mail-template-preview-frame');

    expect((await saved()).html).toBe(html);
    const mail = await invite('layla.haddad@example.org', 'Layla', 'Haddad');
    expect(mail.subject).toBe(`${event.title}: an invitation for Layla Haddad`);
    expect(mail.html).toContain(`Welcome to the ${event.title}.`);
    expect(mail.html).toContain('Dear Layla Haddad,');
    expect(mail.html).toMatch(new RegExp(`http://plenary\\.example\\.org/events/${event.slug}/register\\?invitation(=|&#x3D;)[\\w-]{20,}`));
    // The text part is still the default.
    expect(mail.text).toContain('On behalf of the organisers, we have the honour to invite you');
  });

  it('the live preview says what does not render, with the part and the line, while the last good preview stays', async () => {
    await page.goto(editorPath());
    await page
      .getByLabel('Text part', { exact: true })
      .fill('Hello {{fullName recipient}}\n\nYour link: {{invitationUrl}}\n{{shout recipient}}');
    await page.locator('#preview-status', { hasText: 'Text part: line 4: "shout" is not defined (no such value or helper)' }).waitFor();
    expect(await page.locator('#preview-text').textContent()).toContain('On behalf of the organisers');
    await page.getByLabel('Text part', { exact: true }).fill('Hello {{fullName recipient}}\n\nYour link: {{invitationUrl}}');
    await page.locator('#preview-text', { hasText: 'Hello Dr Amina Rahman' }).waitFor();
    expect(await page.locator('#preview-status').textContent()).toBe('');
    expect((await saved()).overridden.text).toBe(false);
  });

  it('reverts to the default after asking; the next invitation uses the default', async () => {
    await page.goto(editorPath());
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([
      page.waitForURL(`**${editorPath()}?done=reverted`),
      page.getByRole('button', { name: 'Revert to default' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain('uses the default again');
    expect(await page.getByLabel('Subject').inputValue()).toBe('Invitation: {{event.title}}, {{event.dates}}');
    expect(await page.getByRole('button', { name: 'Revert to default' }).count()).toBe(0);
    expect((await saved()).overridden).toEqual({ subject: false, html: false, text: false });
    expect(await overrideRows()).toEqual([]);

    const mail = await invite('omar.farouk@example.org', 'Omar', 'Farouk');
    expect(mail.subject).toBe(`Invitation: ${event.title}, 26–27 November 2025`);
    expect(mail.html).not.toContain('Welcome to the');
    expect(mail.html).toContain('Register for the event');
  });

  it('refuses bad input beside the field, keeping it and storing nothing: an unknown partial or helper, an empty subject, an over-long part', async () => {
    const before = await overrideRows();
    const cases: { field: string; value: string; error: RegExp }[] = [
      {
        field: 'HTML part',
        value: '<p>a</p>\n<p>b</p>\n{{> partials/nope}}',
        error: /^Line 3: there is no partial named "partials\/nope"$/,
      },
      { field: 'Text part', value: 'Hello\n{{shout recipient}}', error: /^Line 2: "shout" is not defined \(no such value or helper\)$/ },
      { field: 'Subject', value: '', error: /^Must be longer than or equal to 1 characters$/ },
      { field: 'HTML part', value: 'x'.repeat(100_001), error: /^Must be shorter than or equal to 100000 characters$/ },
    ];
    const ids: Record<string, string> = { Subject: 'subject', 'HTML part': 'html', 'Text part': 'text' };
    // The subject's label says "(required)" besides its name; the parts' names are also in the preview's labels.
    const input = (field: string) => (field === 'Subject' ? page.getByLabel('Subject') : page.getByLabel(field, { exact: true }));
    for (const { field, value, error } of cases) {
      await page.goto(editorPath());
      await input(field).fill(value);
      const [response] = await Promise.all([
        page.waitForResponse(postOf(editorPath())),
        page.getByRole('button', { name: 'Save template' }).click(),
      ]);
      expect([field, response.status()]).toEqual([field, 400]);
      await page.getByRole('alert').waitFor();
      expect(await input(field).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${ids[field]}-error`).textContent()).toMatch(error);
      expect((await input(field).inputValue()) === value).toBe(true);
      expect(await overrideRows()).toEqual(before);
    }
    expect((await saved()).overridden).toEqual({ subject: false, html: false, text: false });
  });

  it('shows hostile markup in a template as text: nothing runs, the preview frame is sandboxed', async () => {
    await page.goto(editorPath());
    await page.getByLabel('Text part', { exact: true }).fill(`Hello {{fullName recipient}}\n${HOSTILE.markup}\n{{invitationUrl}}`);
    await page.getByLabel('HTML part', { exact: true }).fill(`<p>Dear {{fullName recipient}}</p>\n${HOSTILE.markup}`);
    await page.locator('#preview-text', { hasText: HOSTILE.markup }).waitFor();
    await page.frameLocator('#preview-html').getByText('Dear Dr Amina Rahman').waitFor();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await Promise.all([page.waitForURL(`**${editorPath()}?done=saved`), page.getByRole('button', { name: 'Save template' }).click()]);
    expect(await page.getByLabel('Text part', { exact: true }).inputValue()).toContain(HOSTILE.markup);
    expect(await page.locator('#preview-text').textContent()).toContain(HOSTILE.markup);
    expect(await page.locator('#preview-html').getAttribute('sandbox')).toBe('');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expectStatus(await organiser.api.delete(`/events/${event.id}/mail-templates/invitation`), 200, 'revert through the API');
  });

  it('works without JavaScript: "Preview" renders the typing without saving; "Revert to default" asks on a page', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false, baseURL: ctx.app.url });
    try {
      const noJs = await plain.newPage();
      noJs.setDefaultTimeout(20_000);
      await signIn(noJs, { email: organiser.email, password });
      await noJs.goto(editorPath('waitlisted'));
      await noJs.getByLabel('Subject').fill('Still waiting, {{fullName recipient}}: place {{waitlistPosition}}');
      await noJs.getByRole('button', { name: 'Preview' }).click();
      await noJs.locator('#preview-subject', { hasText: 'Still waiting, Dr Amina Rahman: place 3' }).waitFor();
      expect(await noJs.getByLabel('Subject').inputValue()).toBe('Still waiting, {{fullName recipient}}: place {{waitlistPosition}}');
      expect((await saved('waitlisted')).overridden.subject).toBe(false);

      await noJs.getByRole('button', { name: 'Save template' }).click();
      await noJs.waitForURL(`**${editorPath('waitlisted')}?done=saved`);
      expect((await saved('waitlisted')).overridden).toEqual({ subject: true, html: false, text: false });
      await noJs.getByRole('button', { name: 'Revert to default' }).click();
      await noJs.getByRole('heading', { level: 1, name: 'Revert the Waitlisted template to the default?' }).waitFor();
      expect((await saved('waitlisted')).overridden.subject).toBe(true);
      await noJs.getByRole('button', { name: 'Revert to default' }).click();
      await noJs.waitForURL(`**${editorPath('waitlisted')}?done=reverted`);
      expect((await saved('waitlisted')).overridden.subject).toBe(false);
    } finally {
      await plain.close();
    }
  });

  it('answers an unknown template with 404, and the API reverts too', async () => {
    expect((await page.goto(editorPath('password_reset')))?.status()).toBe(404);
    expect((await page.goto(editorPath('no_such_mail')))?.status()).toBe(404);
    expectStatus(
      await organiser.api.put(`/events/${event.id}/mail-templates/manage_link`, { subject: 'Your link, {{event.title}}' }),
      200,
      'put',
    );
    const reverted = expectStatus(await organiser.api.delete(`/events/${event.id}/mail-templates/manage_link`), 200, 'delete');
    expect(reverted.overridden).toEqual({ subject: false, html: false, text: false });
    expect(reverted.subject).toBe('Your registration link: {{event.title}}\n');
    expect((await organiser.api.delete(`/events/${event.id}/mail-templates/password_reset`)).status).toBe(404);
    const outsider = await createUser(ctx.app.api, 'organiser');
    expect((await outsider.api.delete(`/events/${event.id}/mail-templates/invitation`)).status).toBe(403);
  });

  it('has screens without problems at both widths', () => {
    expect(problems).toEqual([]);
  });
});
