import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, httpSignIn, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, TestUser } from '../support/factories';
import { createOutcome, outcomeStep } from '../support/outcomes';
import { commitmentRow, submitAndWait } from '../support/outcomes-console';

const PASSWORD = 'correct horse battery staple';

/**
 * Issue 17: every form of the outcomes workspace refuses bad input beside the field, keeps what was typed
 * and stores nothing; hostile markup in a document is sanitised in the preview and on the public page; the
 * organisers' steps stay theirs; withdrawing asks first.
 */
describe('Console outcomes: bad input, hostile markup and refusals', () => {
  const ctx = useApp({ LOGIN_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let rapporteur: TestUser;
  let checkin: TestUser;
  let event: { id: string; slug: string; title: string; seriesId?: string };
  let session: { context: BrowserContext; page: Page };
  const problems: string[] = [];
  const pwned = (page: Page) => page.evaluate<unknown>('window.__pwned');

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Organiser Person');
    rapporteur = await createUser(ctx.app.api, 'member', 'Rapporteur Person');
    checkin = await createUser(ctx.app.api, 'member', 'Check-in Person');
    const seriesId = expectStatus(await organiser.api.post('/series', { name: 'A series' }), 201, 'series').id;
    event = await createPublishedEvent(organiser.api, { title: 'Regional Workshop on Migration', seriesId });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' }), 200, 'rapporteur');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'checkin');
    session = await signedIn(browser, ctx.app.url, { email: rapporteur.email, password: PASSWORD });
    session.page.setDefaultTimeout(20_000);
  }, 300_000);
  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
  });

  const documents = async () => expectStatus<unknown[]>(await rapporteur.api.get(`/events/${event.id}/outcomes`), 200, 'documents');

  it('"Create document" with an empty title and an empty text is refused beside both, keeping the kind; nothing is stored', async () => {
    const { page } = session;
    await page.goto(`/console/events/${event.id}/outcomes`);
    await page.getByLabel(/^Kind/).selectOption({ label: 'Declaration' });
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && !response.url().endsWith('.json'));
    await submitAndWait(page, page.getByRole('button', { name: 'Create document' }));
    expect((await answer).status()).toBe(400);
    expect(await page.getByRole('alert').first().textContent()).toContain('Some fields need your attention');
    expect(await page.getByLabel(/^Title/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#title-error').textContent()).toBe('must be longer than or equal to 1 characters');
    expect(await page.getByLabel(/^Initial text/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#body-error').isVisible()).toBe(true);
    expect(await page.getByLabel(/^Kind/).inputValue()).toBe('declaration');
    problems.push(...(await inspectScreen(page, 'outcomes-list-errors', 'Outcome documents')));

    // A title, still no text: the title is kept, the text refused.
    await page.getByLabel(/^Title/).fill(HOSTILE.markup);
    await submitAndWait(page, page.getByRole('button', { name: 'Create document' }));
    expect(await page.getByLabel(/^Title/).inputValue()).toBe(HOSTILE.markup);
    expect(await page.getByLabel(/^Title/).getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel(/^Initial text/).getAttribute('aria-invalid')).toBe('true');
    expect(await documents()).toEqual([]);
    expect(await pwned(page)).toBeUndefined();
  });

  let documentPath: string;
  let documentId: string;
  const hostileBody = `# Declaration\n\nText with markup: ${HOSTILE.markup} and [a link](javascript:window.__pwned=3).\n\n<iframe src="javascript:window.__pwned=4"></iframe>\n`;

  it('hostile markup in the text is removed from the preview (with and without the script) and the title shows as text', async () => {
    const { page } = session;
    await page.getByLabel(/^Initial text/).fill(hostileBody);
    await submitAndWait(page, page.getByRole('button', { name: 'Create document' }));
    documentPath = new URL(page.url()).pathname;
    documentId = documentPath.split('/').pop()!;
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe(HOSTILE.markup);
    const preview = page.locator('[data-preview]');
    expect(await preview.innerHTML()).not.toMatch(/<script|<img|<iframe|onerror|javascript:/i);
    expect(await preview.textContent()).toContain('Text with markup:');

    // The script's preview, as it is typed.
    await page.getByLabel(/^Markdown text/).fill(`${hostileBody}\nMore: <img src=x onerror="window.__pwned=5">\n`);
    await page.locator('[data-preview][data-preview-fresh="yes"]').waitFor();
    expect(await preview.textContent()).toContain('More:');
    expect(await preview.innerHTML()).not.toMatch(/<script|<img|<iframe|onerror|javascript:/i);

    // The "Preview" button (no script needed): the text is shown, not saved.
    await submitAndWait(page, page.getByRole('button', { name: 'Preview', exact: true }));
    expect(await page.getByLabel(/^Markdown text/).inputValue()).toContain('More: <img');
    expect(await page.getByText('(the text in the editor, not saved)').isVisible()).toBe(true);
    expect(await preview.innerHTML()).not.toMatch(/<script|<img|<iframe|onerror|javascript:/i);
    expect(expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions`), 200, 'versions')).toHaveLength(1);
    expect(await pwned(page)).toBeUndefined();
  });

  it('"Save version" with an empty text is refused beside it; nothing is stored', async () => {
    const { page } = session;
    await page.goto(documentPath);
    await page.getByLabel(/^Markdown text/).fill('');
    await page.getByLabel('Change note').fill('Emptied by mistake');
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && !response.url().endsWith('.json'));
    await submitAndWait(page, page.getByRole('button', { name: 'Save version' }));
    expect((await answer).status()).toBe(400);
    expect(await page.getByLabel(/^Markdown text/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#body-error').isVisible()).toBe(true);
    expect(await page.getByLabel('Change note').inputValue()).toBe('Emptied by mistake');
    problems.push(...(await inspectScreen(page, 'outcome-document-errors', HOSTILE.markup)));
    expect(expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/versions`), 200, 'versions')).toHaveLength(1);
  });

  it('a commitment without text, and one following up an unknown commitment, are refused beside their fields; nothing is stored', async () => {
    const { page } = session;
    await page.goto(`${documentPath}/commitments`);
    let row = commitmentRow(page, 'New commitment');
    await row.getByLabel(/^Theme/).fill('border vulnerabilities');
    await row.getByLabel(/^Leads/).fill('FRONTEX, INTERPOL');
    const answer = page.waitForResponse((response) => response.request().method() === 'POST' && !response.url().endsWith('.json'));
    await submitAndWait(page, page.getByRole('button', { name: 'Save commitments' }));
    expect((await answer).status()).toBe(400);
    row = commitmentRow(page, 'New commitment');
    expect(await row.getByLabel(/^Commitment/).getAttribute('aria-invalid')).toBe('true');
    expect(await row.locator('#c0-text-error').textContent()).toBe('must be longer than or equal to 1 characters');
    expect(await row.getByLabel(/^Theme/).inputValue()).toBe('border vulnerabilities');
    expect(await row.getByLabel(/^Leads/).inputValue()).toBe('FRONTEX, INTERPOL');
    expect(await page.getByRole('alert').first().textContent()).toContain('Some fields need your attention');
    problems.push(...(await inspectScreen(page, 'outcome-commitments-errors', 'Commitments')));

    // A follow-up id that is no commitment of an earlier event (a changed request): the service refuses it.
    await row.getByLabel(/^Commitment/).fill('Joint risk analysis at the borders.');
    await row.getByLabel(/^Follows up/).evaluate((select: any, id: string) => {
      const option = select.ownerDocument.createElement('option');
      option.value = id;
      option.textContent = 'Tampered';
      select.append(option);
      select.value = id;
    }, '00000000-0000-4000-8000-0000000000ff');
    await submitAndWait(page, page.getByRole('button', { name: 'Save commitments' }));
    row = commitmentRow(page, 'New commitment');
    expect(await row.getByLabel(/^Follows up/).getAttribute('aria-invalid')).toBe('true');
    expect(await row.locator('#c0-followsUpId-error').textContent()).toBe('must be a commitment of an earlier event in the same series');
    expect(await row.getByLabel(/^Follows up/).inputValue()).toBe('00000000-0000-4000-8000-0000000000ff');
    expect(await row.getByLabel(/^Commitment/).inputValue()).toBe('Joint risk analysis at the borders.');
    expect(expectStatus(await rapporteur.api.get(`/outcomes/${documentId}/commitments`), 200, 'commitments').commitments).toEqual([]);
  });

  it('"Return to draft" needs a comment; the rapporteur cannot take the organisers’ steps', async () => {
    await outcomeStep(rapporteur.api, documentId, 'submit');
    const reviewer = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    try {
      const { page } = reviewer;
      page.setDefaultTimeout(20_000);
      await page.goto(documentPath);
      await page.getByLabel(/^Comment for the rapporteur/).fill('   ');
      const answer = page.waitForResponse((response) => response.request().method() === 'POST' && !response.url().endsWith('.json'));
      await submitAndWait(page, page.getByRole('button', { name: 'Return to draft' }));
      expect((await answer).status()).toBe(400);
      expect(await page.getByLabel(/^Comment for the rapporteur/).getAttribute('aria-invalid')).toBe('true');
      expect((await rapporteur.api.get(`/outcomes/${documentId}`)).body.status).toBe('in_review');

      // Publish: the public page shows the sanitised text; no script runs there.
      await submitAndWait(page, page.getByRole('button', { name: 'Publish' }));
      const visitor = await browser.newPage({ baseURL: ctx.app.url });
      await visitor.goto(`/events/${event.slug}/outcomes/${documentId}`);
      expect(await visitor.locator('.outcome-body').innerHTML()).not.toMatch(/<script|<img|<iframe|onerror|javascript:/i);
      expect(await visitor.locator('.outcome-body').textContent()).toContain('Text with markup:');
      expect(await pwned(visitor)).toBeUndefined();
      await visitor.close();

      // Withdrawing asks first: the script's question, or without it a page that asks.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: 'Withdraw' }).click();
      expect((await organiser.api.get(`/outcomes/${documentId}`)).body.status).toBe('published');
      page.once('dialog', (dialog) => void dialog.accept());
      await submitAndWait(page, page.getByRole('button', { name: 'Withdraw' }));
      expect(await page.getByRole('status').first().textContent()).toContain('Withdrawn');
      expect((await organiser.api.get(`/outcomes/${documentId}`)).body.status).toBe('withdrawn');
    } finally {
      await reviewer.context.close();
    }

    const other = await createOutcome(organiser.api, event.id, { title: 'Chair’s summary', kind: 'chair_summary' });
    await outcomeStep(organiser.api, other.id, 'submit');
    await outcomeStep(organiser.api, other.id, 'publish');
    const asOrganiser = await httpSignIn(ctx.app.url, organiser.email);
    const post = (who: { cookie: string; csrf: string }, path: string, fields: Record<string, string> = {}) =>
      fetch(`${ctx.app.url}/console/events/${event.id}/outcomes/${other.id}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
      });
    const confirm = await post(asOrganiser, '/withdraw');
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<h1>Withdraw this document?</h1>');
    expect((await organiser.api.get(`/outcomes/${other.id}`)).body.status).toBe('published');

    const asRapporteur = await httpSignIn(ctx.app.url, rapporteur.email);
    for (const [path, fields] of [
      ['/publish', {}],
      ['/return', { comment: 'No' }],
      ['/withdraw', { confirmed: 'yes' }],
      ['/mailings', { audience: 'confirmed' }],
    ] as const)
      expect([path, (await post(asRapporteur, path, fields)).status]).toEqual([path, 403]);
    expect((await organiser.api.get(`/outcomes/${other.id}`)).body.status).toBe('published');

    // Check-in staff have no part in outcomes: 403 on the list and on a document.
    const asCheckin = await httpSignIn(ctx.app.url, checkin.email);
    for (const path of [`/console/events/${event.id}/outcomes`, `/console/events/${event.id}/outcomes/${other.id}`]) {
      const response = await fetch(`${ctx.app.url}${path}`, { redirect: 'manual', headers: { cookie: asCheckin.cookie } });
      expect([path, response.status]).toEqual([path, 403]);
    }
    // A document of another event is not found through this event's pages.
    const elsewhere = await createPublishedEvent(organiser.api);
    const response = await fetch(`${ctx.app.url}/console/events/${elsewhere.id}/outcomes/${other.id}`, {
      redirect: 'manual',
      headers: { cookie: asOrganiser.cookie },
    });
    expect(response.status).toBe(404);
  });

  it('every screen looked at passes: heading, no sideways scrolling, axe-core, at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
