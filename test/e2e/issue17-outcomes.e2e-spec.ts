import type { Browser, BrowserContext, Page } from 'playwright-core';
import { conference, outcomeStatement, seriesName, workshop2024 } from '../fixtures/islamabad-2025';
import { launchBrowser } from '../support/browser';
import { httpSignIn, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { createOutcome, outcomeStep } from '../support/outcomes';
import { commitmentRow, diffText, statementDrafts, submitAndWait } from '../support/outcomes-console';
import { useSmtpSink } from '../support/smtp';

const PASSWORD = 'correct horse battery staple';
/** The document page's level-1 headings: its title, and the preview's rendering of the text's own first heading. */
const DOCUMENT_HEADINGS = 'Islamabad Outcome Statement | Islamabad Outcome Statement';

/**
 * Issue 17, the rapporteurs' workspace: the Islamabad outcome statement from a rapporteur's first draft,
 * through a conflicting save by the organiser, review, a return with a comment and publication, to the
 * public page, the series' commitments tracker and the summary mail, in real browsers against the real
 * server, database and an SMTP sink.
 */
describe('Console: the rapporteurs’ workspace and the commitments tracker', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'http://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let rapporteur: TestUser;
  let seriesId: string;
  let event: { id: string; slug: string; title: string };
  let workshopCommitment: { id: string; text: string };
  const confirmed: string[] = [];
  let waitlisted: string;
  let writer: { context: BrowserContext; page: Page };
  let reviewer: { context: BrowserContext; page: Page };
  let documentPath: string;
  let documentId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'UNODC event organiser');
    rapporteur = await createUser(ctx.app.api, 'member', 'Conference rapporteur');
    seriesId = expectStatus(await organiser.api.post('/series', { name: seriesName }), 201, 'series').id;
    // The earlier event of the series, with a published commitment (SAMPLE text) that 2025 follows up.
    const workshop = await createPublishedEvent(organiser.api, { ...workshop2024, seriesId });
    const workshopOutcome = await createOutcome(organiser.api, workshop.id, {
      title: 'Workshop conclusions',
      kind: 'chair_summary',
      body: '# Workshop conclusions\n\nPractitioners agreed to cooperate.\n',
    });
    workshopCommitment = expectStatus(
      await organiser.api.put(`/outcomes/${workshopOutcome.id}/commitments`, {
        commitments: [
          { theme: 'cooperation', text: 'Set up a practitioners network across the region.', leads: ['UNODC'], status: 'in_progress' },
        ],
      }),
      200,
      'workshop commitments',
    ).commitments[0];
    await outcomeStep(organiser.api, workshopOutcome.id, 'submit');
    await outcomeStep(organiser.api, workshopOutcome.id, 'publish');

    event = await createPublishedEvent(organiser.api, {
      ...conference,
      partners: undefined,
      slug: 'cosom-islamabad-2025',
      seriesId,
      capacity: 3,
      approvalRequired: false,
    });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' }), 200, 'rapporteur');
    for (let i = 0; i < 3; i++) {
      const person = registrant();
      expect(expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registration').status).toBe(
        'confirmed',
      );
      confirmed.push(person.email as string);
    }
    const late = registrant();
    expect(expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, late), 201, 'registration').status).toBe('waitlisted');
    waitlisted = late.email as string;

    writer = await signedIn(browser, ctx.app.url, { email: rapporteur.email, password: PASSWORD });
    reviewer = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    writer.page.setDefaultTimeout(20_000);
    reviewer.page.setDefaultTimeout(20_000);
  }, 300_000);
  afterAll(async () => {
    await writer?.context.close();
    await reviewer?.context.close();
    await browser?.close();
  });

  it('the rapporteur lands on Outcomes (their only tab) and creates the statement as a draft', async () => {
    const { page } = writer;
    await page.goto('/console');
    await page.getByRole('link', { name: event.title }).click();
    await page.waitForURL(`**/console/events/${event.id}/outcomes`);
    expect(await page.getByRole('navigation', { name: 'Event' }).getByRole('link').allTextContents()).toEqual(['Outcomes']);
    expect(await page.getByText('No outcome documents yet').isVisible()).toBe(true);

    await page.getByLabel(/^Title/).fill('Islamabad Outcome Statement');
    await page.getByLabel(/^Kind/).selectOption({ label: 'Outcome statement' });
    await page.getByLabel(/^Initial text/).fill(statementDrafts.first);
    await submitAndWait(page, page.getByRole('button', { name: 'Create document' }));
    expect(page.url()).toMatch(/\/outcomes\/[0-9a-f-]{36}\?done=created$/);
    documentPath = new URL(page.url()).pathname;
    documentId = documentPath.split('/').pop()!;
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Islamabad Outcome Statement');
    expect(await page.getByRole('status').first().textContent()).toContain('Document created as a draft');

    await page.goto(`/console/events/${event.id}/outcomes`);
    const row = page.getByRole('row', { name: /Islamabad Outcome Statement/ });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([
      'Islamabad Outcome Statement',
      'Outcome statement',
      'draft',
      '1',
      expect.stringMatching(/\d{4}/),
    ]);
    problems.push(...(await inspectScreen(page, 'outcomes-list', 'Outcome documents')));
  });

  it('the preview follows the text as it is typed, rendered by the server; "Save version" keeps a change note', async () => {
    const { page } = writer;
    await page.goto(documentPath);
    const preview = page.locator('[data-preview]');
    expect(await preview.locator('h1').textContent()).toBe('Islamabad Outcome Statement');
    await page.getByLabel(/^Markdown text/).fill(statementDrafts.second);
    await preview.getByText('Map national and regional challenges.').waitFor();
    expect(await preview.locator('li').allTextContents()).toEqual([
      'Establish an informal Peer-to-Peer Network.',
      'Map national and regional challenges.',
    ]);
    // The page's heading, then the preview's: the document's own "# …" heading, rendered as the public page renders it.
    problems.push(...(await inspectScreen(page, 'outcome-document', DOCUMENT_HEADINGS)));

    await page.getByLabel('Change note').fill('Participation as in the record');
    await submitAndWait(page, page.getByRole('button', { name: 'Save version' }));
    expect(await page.getByRole('status').first().textContent()).toBe('Version saved.');
    const versions = expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions`), 200, 'versions');
    expect(versions.map((version: any) => [version.number, version.changeNote, version.authorName])).toEqual([
      [1, null, 'Conference rapporteur'],
      [2, 'Participation as in the record', 'Conference rapporteur'],
    ]);
  });

  it('a save meanwhile by the organiser refuses the rapporteur’s save without losing the text, shows theirs, and lets them decide', async () => {
    const mine = `${statementDrafts.second}- Four thematic commitments: fraudulent documentation, digitally enabled smuggling, border vulnerabilities and victim-centred protection.\n`;
    await writer.page.goto(documentPath);
    await writer.page.getByLabel(/^Markdown text/).fill(mine);
    await writer.page.getByLabel('Change note').fill('The four thematic commitments');

    // Meanwhile, in another browser, the organiser saves version 3 from the same version 2.
    await reviewer.page.goto(documentPath);
    await reviewer.page
      .getByLabel(/^Markdown text/)
      .fill(statementDrafts.second.replace('## Commitments', '## Commitments\n\nAdopted at the closing session.'));
    await submitAndWait(reviewer.page, reviewer.page.getByRole('button', { name: 'Save version' }));
    expect(await reviewer.page.getByRole('status').first().textContent()).toBe('Version saved.');

    const { page } = writer;
    const refused = page.waitForResponse((response) => response.url().endsWith('/versions') && response.request().method() === 'POST');
    await submitAndWait(page, page.getByRole('button', { name: 'Save version' }));
    expect((await refused).status()).toBe(409);
    expect(await page.getByRole('heading', { name: 'Someone else saved meanwhile' }).isVisible()).toBe(true);
    expect(await page.getByRole('alert').first().textContent()).toContain('saved version 3');
    expect(await page.getByLabel(/^Markdown text/).inputValue()).toBe(mine);
    expect(await page.getByLabel('Change note').inputValue()).toBe('The four thematic commitments');
    expect(await diffText(page)).toContain('+ Added: Adopted at the closing session.');
    expect(await page.locator('ol.diff ins').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Adopted at the closing session.')]),
    );
    expect(expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions`), 200, 'versions')).toHaveLength(3);
    problems.push(...(await inspectScreen(page, 'outcome-conflict', DOCUMENT_HEADINGS)));

    // The rapporteur takes the organiser's sentence into their text and saves theirs on top of version 3.
    await page.getByLabel(/^Markdown text/).fill(mine.replace('## Commitments', '## Commitments\n\nAdopted at the closing session.'));
    await submitAndWait(page, page.getByRole('button', { name: 'Save mine as a new version anyway' }));
    expect(await page.getByRole('status').first().textContent()).toBe('Version saved.');
    const latest = expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions/4`), 200, 'version 4');
    expect(latest).toMatchObject({ changeNote: 'The four thematic commitments', authorName: 'Conference rapporteur' });
    expect(latest.body).toContain('Adopted at the closing session.');
    expect(latest.body).toContain('Four thematic commitments');
  });

  it('"Discard mine and load theirs" drops the rapporteur’s text for the latest version', async () => {
    await reviewer.page.goto(documentPath);
    await writer.page.goto(documentPath);
    await writer.page.getByLabel(/^Markdown text/).fill('A text to be dropped.');
    await reviewer.page
      .getByLabel(/^Markdown text/)
      .fill(`${(await reviewer.page.getByLabel(/^Markdown text/).inputValue()).trimEnd()}\n\nA fifth paragraph.\n`);
    await submitAndWait(reviewer.page, reviewer.page.getByRole('button', { name: 'Save version' }));
    await submitAndWait(writer.page, writer.page.getByRole('button', { name: 'Save version' }));
    await submitAndWait(writer.page, writer.page.getByRole('link', { name: 'Discard mine and load theirs' }));
    expect(await writer.page.getByLabel(/^Markdown text/).inputValue()).toContain('A fifth paragraph.');
    expect(expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions`), 200, 'versions')).toHaveLength(5);
  });

  it('the versions list and the changes between any two versions, marked by more than colour', async () => {
    const { page } = writer;
    await page.goto(documentPath);
    await page.getByRole('link', { name: 'Versions and changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versions' }).waitFor();
    expect(await page.locator('table.versions tbody tr').count()).toBe(5);
    await page.getByLabel(/^From/).selectOption({ label: 'Version 1' });
    await page.getByLabel(/^To/).selectOption({ label: 'Version 4' });
    await submitAndWait(page, page.getByRole('button', { name: 'Show changes' }));
    expect(page.url()).toContain('/versions?from=1&to=4');
    expect(await page.getByRole('heading', { name: 'Changes from version 1 to version 4' }).isVisible()).toBe(true);
    const lines = await diffText(page);
    expect(lines).toContain('− Removed: Participants met in Islamabad on 26 and 27 November 2025.');
    expect(lines).toContain(
      '+ Added: Senior officials and experts from more than 30 countries met in Islamabad on 26 and 27 November 2025.',
    );
    expect(lines).toContain('# Islamabad Outcome Statement');
    expect(await page.locator('ol.diff del').count()).toBe(1);
    expect(await page.locator('ol.diff ins').count()).toBe(5);
    // The signs are seen, the words are read: "+" and "−" are aria-hidden, "Added:" and "Removed:" visually hidden.
    expect(await page.locator('li.diff-added .diff-sign').first().textContent()).toBe('+');
    expect(await page.locator('li.diff-removed .diff-sign').first().textContent()).toBe('−');
    problems.push(...(await inspectScreen(page, 'outcome-diff', 'Versions')));
  });

  it('the commitments editor adds, edits and reorders; one follows up the 2024 workshop’s commitment', async () => {
    const { page } = writer;
    await page.goto(`${documentPath}/commitments`);
    const first = outcomeStatement.commitments[0];
    const second = outcomeStatement.commitments[1];
    let row = commitmentRow(page, 'New commitment');
    await row.getByLabel(/^Theme/).fill(first.theme);
    await row.getByLabel(/^Commitment/).fill(first.text);
    await row.getByLabel(/^Leads/).fill('UNODC, IOM\nGovernment of Pakistan');
    await row.getByLabel(/^Status/).selectOption(first.status);
    await row.getByLabel(/^Follows up/).selectOption({ label: `${workshop2024.title}: ${workshopCommitment.text}` });
    await submitAndWait(page, page.getByRole('button', { name: 'Save commitments' }));
    expect(await page.getByRole('status').first().textContent()).toBe('Commitments saved.');

    row = commitmentRow(page, 'New commitment');
    await row.getByLabel(/^Theme/).fill(second.theme);
    await row.getByLabel(/^Commitment/).fill(second.text);
    await submitAndWait(page, page.getByRole('button', { name: 'Save commitments' }));
    const saved = async () => expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/commitments`), 200, 'commitments');
    let list = (await saved()).commitments;
    expect(list.map((c: any) => [c.theme, c.text, c.leads, c.status, c.followsUpId])).toEqual([
      [first.theme, first.text, ['UNODC', 'IOM', 'Government of Pakistan'], 'endorsed', workshopCommitment.id],
      [second.theme, second.text, [], 'proposed', null],
    ]);

    // Edit the second, then move it up: the ids stay, the order changes.
    await commitmentRow(page, 'Commitment 2')
      .getByLabel(/^Status/)
      .selectOption(second.status);
    await submitAndWait(page, page.getByRole('button', { name: 'Move up commitment 2' }));
    const reordered = (await saved()).commitments;
    expect(reordered.map((c: any) => [c.id, c.status])).toEqual([
      [list[1].id, 'endorsed'],
      [list[0].id, 'endorsed'],
    ]);
    expect(
      await commitmentRow(page, 'Commitment 1')
        .getByLabel(/^Commitment/)
        .inputValue(),
    ).toBe(second.text);
    problems.push(...(await inspectScreen(page, 'outcome-commitments', 'Commitments')));
    await submitAndWait(page, page.getByRole('button', { name: 'Move down commitment 1' }));
    list = (await saved()).commitments;
    expect(list.map((c: any) => c.text)).toEqual([first.text, second.text]);
  });

  it('the rapporteur submits; the organiser returns it with a comment, which the rapporteur sees on the document', async () => {
    await writer.page.goto(documentPath);
    expect(await writer.page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await submitAndWait(writer.page, writer.page.getByRole('button', { name: 'Submit for review' }));
    expect(await writer.page.getByRole('status').first().textContent()).toContain('Submitted for review');
    expect(await writer.page.getByLabel(/^Markdown text/).count()).toBe(0);
    expect(await writer.page.getByText('Waiting for an organiser’s decision.').isVisible()).toBe(true);

    // The organisers' decisions are theirs alone: the rapporteur's session is refused them (403), whatever the page shows.
    const session = await httpSignIn(ctx.app.url, rapporteur.email);
    for (const action of ['publish', 'return', 'withdraw', 'mailings']) {
      const response = await fetch(`${ctx.app.url}${documentPath}/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: session.csrf, comment: 'x', audience: 'confirmed', confirmed: 'yes' }).toString(),
      });
      expect([action, response.status]).toEqual([action, 403]);
    }
    expect((await rapporteur.api.get(`/outcomes/${documentId}`)).body.status).toBe('in_review');

    const { page } = reviewer;
    await page.goto(documentPath);
    await page.getByLabel(/^Comment for the rapporteur/).fill('Please add the follow-up of the 2024 workshop before we publish.');
    await submitAndWait(page, page.getByRole('button', { name: 'Return to draft' }));
    expect(await page.getByRole('status').first().textContent()).toContain('Returned to draft');

    await writer.page.goto(documentPath);
    const returned = writer.page.getByRole('region', { name: 'Returned to draft by the organisers' });
    expect(await returned.locator('.comment').textContent()).toBe('Please add the follow-up of the 2024 workshop before we publish.');
  });

  it('the rapporteur revises and resubmits; the organiser publishes; the public page shows it', async () => {
    const { page } = writer;
    const text = await page.getByLabel(/^Markdown text/).inputValue();
    await page.getByLabel(/^Markdown text/).fill(`${text.trimEnd()}\n\n${outcomeStatement.followsUp}\n`);
    await page.getByLabel('Change note').fill('Follow-up of 2024');
    await submitAndWait(page, page.getByRole('button', { name: 'Save version' }));
    expect(await page.getByRole('region', { name: 'Returned to draft by the organisers' }).isVisible()).toBe(true);
    await submitAndWait(page, page.getByRole('button', { name: 'Submit for review' }));

    await reviewer.page.goto(documentPath);
    await submitAndWait(reviewer.page, reviewer.page.getByRole('button', { name: 'Publish' }));
    expect(await reviewer.page.getByRole('status').first().textContent()).toContain('Published');
    const published = expectStatus(await ctx.app.api.get(`/outcomes/${documentId}`), 200, 'public view');
    expect(published).toMatchObject({ status: 'published', publishedVersion: 6, version: 6 });

    const visitor = await browser.newPage({ baseURL: ctx.app.url });
    await visitor.goto(`/events/${event.slug}/outcomes/${documentId}`);
    expect(await visitor.getByRole('heading', { level: 1 }).first().textContent()).toBe('Islamabad Outcome Statement');
    expect(await visitor.locator('.outcome-body').textContent()).toContain(outcomeStatement.followsUp);
    expect(await visitor.locator('table.commitments tbody tr').count()).toBe(2);
    await visitor.close();
  });

  it('the public commitments tracker shows the 2024 commitment followed up in 2025, filtered by a GET form (the pages carry no script)', async () => {
    const visitor = await browser.newContext({ baseURL: ctx.app.url });
    const page = await visitor.newPage();
    await page.goto(`/events/${event.slug}`);
    await submitAndWait(page, page.getByRole('link', { name: 'Commitments across the series' }));
    expect(new URL(page.url()).pathname).toBe(`/series/${seriesId}/commitments`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Commitments: ${seriesName}`);
    const chains = page.locator('li.chain');
    expect(await chains.count()).toBe(2);
    const first = chains.nth(0);
    expect(await first.locator('> .step .text').textContent()).toBe(workshopCommitment.text);
    expect(await first.locator('.latest').textContent()).toBe('Latest status: endorsed');
    expect(await first.locator('ol.follow-ups li').allInnerTexts()).toEqual([
      expect.stringContaining(outcomeStatement.commitments[0].text),
    ]);
    expect(await first.locator('ol.follow-ups li').first().textContent()).toContain(`Followed up at ${event.title}`);
    problems.push(...(await inspectScreen(page, 'public-commitments', `Commitments: ${seriesName}`)));

    await page.getByLabel('Latest status').selectOption('in_progress');
    await submitAndWait(page, page.getByRole('button', { name: 'Filter' }));
    expect(await page.getByRole('status').textContent()).toBe('0 of 2 commitments match.');
    await page.getByLabel('Theme').selectOption('cooperation');
    await page.getByLabel('Latest status').selectOption('endorsed');
    await submitAndWait(page, page.getByRole('button', { name: 'Filter' }));
    expect(new URL(page.url()).search).toBe('?theme=cooperation&status=endorsed');
    expect(await page.getByRole('status').textContent()).toBe('2 of 2 commitments match.');
    await visitor.close();
  });

  it('the organiser sends the summary to the confirmed registrants: each exactly once, nobody else', async () => {
    const { page } = reviewer;
    await page.goto(documentPath);
    await page.getByLabel('Confirmed registrants').check();
    const sent = page.waitForResponse((response) => response.url().endsWith('/mailings') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send summary' }).click();
    const answer = await sent;
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toMatch(new RegExp(`^/console/events/${event.id}/mail/mailings/[0-9a-f-]{36}$`));
    await page.waitForURL(new RegExp(`/console/events/${event.id}/mail/mailings/[0-9a-f-]{36}$`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mailing');
    const summaries = await eventually(
      async () => {
        const messages = (await smtp.sink.messages()).filter((message) =>
          (message.subject ?? '').startsWith('Islamabad Outcome Statement'),
        );
        return messages.length >= confirmed.length ? messages : undefined;
      },
      60_000,
      'the summaries',
    );
    // Nothing more arrives: the mailing's total was the confirmed registrants.
    await new Promise((done) => setTimeout(done, 2000));
    const all = (await smtp.sink.messages()).filter((message) => (message.subject ?? '').startsWith('Islamabad Outcome Statement'));
    expect(all.flatMap((message) => message.envelopeTo).sort()).toEqual([...confirmed].sort());
    expect(all.flatMap((message) => message.envelopeTo)).not.toContain(waitlisted);
    expect(summaries[0].text).toContain(`http://plenary.example.org/events/${event.slug}/outcomes/${documentId}`);
    // The mailing's page, opened before the mails went out, has followed them without a reload.
    const sentCount = () => page.locator('[data-count="sent"]').textContent();
    await eventually(async () => (await sentCount()) === String(confirmed.length), 30_000, 'the bar at every confirmed registrant');
    expect(await page.getByRole('progressbar', { name: 'Sent' }).getAttribute('max')).toBe(String(confirmed.length));
  });

  it('every screen looked at passes: heading, no sideways scrolling, axe-core, at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
