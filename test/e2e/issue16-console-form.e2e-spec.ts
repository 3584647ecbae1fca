import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectAtBothWidths, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';

const PASSWORD = 'correct horse battery staple';
const FUTURE = { startDate: '2031-11-26', endDate: '2031-11-27', timezone: 'Asia/Karachi' };

/** Issue 16: an organiser builds the registration form in the console, and delegates get it in that order. */
describe('Issue 16: the registration form builder', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string };
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { ...FUTURE, title: 'Regional Conference on Migrant Smuggling' });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD }));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const savedFields = async (): Promise<{ key: string }[]> =>
    (await ctx.db.query('SELECT fields FROM registration_form WHERE event_id = $1', [event.id])).rows[0].fields;
  const builder = () => `/console/events/${event.id}/form`;
  /** The labels of the form's questions, in the builder's table. */
  const builderLabels = () => page.locator('table.form-fields tbody th[scope="row"]').allTextContents();
  /** The labels of the questions a page shows under "Further questions", without their required markers. */
  const questionLabels = (on: Page) =>
    on
      .locator('fieldset', { hasText: 'Further questions' })
      .locator('label')
      .evaluateAll((labels) => labels.map((label) => (label.firstChild?.textContent ?? '').trim()));

  async function addField(values: { label: string; key?: string; type?: string; required?: boolean; options?: string[] }) {
    await page.getByLabel(/^Label/).fill(values.label);
    await page.getByLabel(/^Key/).fill(values.key ?? '');
    await page.getByLabel(/^Type/).selectOption({ label: values.type ?? 'Text' });
    await page.getByLabel(/^Required:/).setChecked(values.required ?? false);
    await page.getByLabel(/^Options/).fill((values.options ?? []).join('\n'));
    await page.getByRole('button', { name: 'Add field' }).click();
  }

  it('adds, reorders, edits and removes fields, previews them, and delegates get them in that order', async () => {
    await page.goto(builder());
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Registration form');

    await addField({ label: 'Dietary requirements', type: 'List of options', required: true, options: ['None', 'Halal', 'Vegetarian'] });
    await expect(page.getByRole('status').textContent()).resolves.toBe('Field added.');
    const dietary = page.getByRole('row', { name: /Dietary requirements/ });
    await expect(dietary.innerText()).resolves.toMatch(/dietary_requirements\s+List of options\s+Yes\s+None\s+Halal\s+Vegetarian/);

    await addField({ label: 'Passport number' });
    await addField({ label: HOSTILE.markup, key: 'markup' });
    await addField({ label: HOSTILE.rtl, type: 'Date' });
    await expect(builderLabels()).resolves.toEqual(['Dietary requirements', 'Passport number', HOSTILE.markup, HOSTILE.rtl]);
    await expect(page.getByRole('row', { name: /Passport number/ }).innerText()).resolves.toContain('passport_number');

    // Reorder: the passport number first.
    await page.getByRole('button', { name: 'Move up: Passport number' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Field moved.');
    await expect(builderLabels()).resolves.toEqual(['Passport number', 'Dietary requirements', HOSTILE.markup, HOSTILE.rtl]);

    // Edit: a new label, now required.
    await page.getByRole('link', { name: 'Edit: Passport number' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Edit field');
    await page.getByLabel(/^Label/).fill('Passport or ID number');
    await page.getByLabel(/^Required:/).check();
    await page.getByRole('button', { name: 'Save field' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Field saved.');
    await expect(page.getByRole('row', { name: /Passport or ID number/ }).innerText()).resolves.toMatch(/passport_number\s+Text\s+Yes/);

    // Remove without JavaScript: a confirmation page first, whose Cancel keeps the field.
    const plain = await browser.newContext({ javaScriptEnabled: false, baseURL: ctx.app.url, storageState: await context.storageState() });
    const noScript = await plain.newPage();
    await noScript.goto(builder());
    await noScript.getByRole('button', { name: `Remove: ${HOSTILE.rtl}` }).click();
    await expect(noScript.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Remove this field?');
    await expect(noScript.locator('main').innerText()).resolves.toContain(HOSTILE.rtl);
    await noScript.getByRole('link', { name: 'Cancel' }).click();
    await expect(noScript.locator('table.form-fields tbody th[scope="row"]').allTextContents()).resolves.toHaveLength(4);
    await plain.close();

    // Remove with JavaScript: the browser asks, and the field goes at once.
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: `Remove: ${HOSTILE.rtl}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Field removed.');
    expect(question).toContain(HOSTILE.rtl);
    await expect(builderLabels()).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup]);

    // The preview and the public register page: the same questions in the same order, hostile text as text.
    await page.getByRole('link', { name: 'Preview the form' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Preview of the registration form');
    await expect(questionLabels(page)).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup]);
    await expect(
      page
        .getByLabel(/^Dietary requirements/)
        .locator('option')
        .allTextContents(),
    ).resolves.toEqual(['Choose…', 'None', 'Halal', 'Vegetarian']);
    const delegate = await browser.newPage();
    await delegate.goto(`${ctx.app.url}/events/${event.slug}/register`);
    await expect(questionLabels(delegate)).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup]);
    for (const shown of [page, delegate]) await expect(shown.evaluate('window.__pwned')).resolves.toBeUndefined();
    await delegate.close();

    for (const [path, name, heading] of [
      [builder(), 'form-builder', 'Registration form'],
      [`${builder()}/fields/dietary_requirements`, 'form-field', 'Edit field'],
      [`${builder()}/preview`, 'form-preview', 'Preview of the registration form'],
    ] as const)
      expect(await inspectAtBothWidths(context, path, name, heading)).toEqual([]);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
  });

  it('refuses to change the type of an answered field, beside the Type field, and keeps the form', async () => {
    expectStatus(
      await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ answers: { passport_number: 'AB123456', dietary_requirements: 'Halal' } }),
      ),
      201,
      'a delegate registering with answers',
    );
    await page.goto(`${builder()}/fields/dietary_requirements`);
    await page.getByLabel(/^Type/).selectOption({ label: 'Text' });
    await page.getByLabel(/^Options/).fill('');
    await page.getByRole('button', { name: 'Save field' }).click();
    await expect(page.locator('#edit-type-error').textContent()).resolves.toBe(
      'cannot change from select to text: registrants have answered this question already',
    );
    await expect(page.getByLabel(/^Type/).inputValue()).resolves.toBe('text');
    await page.goto(builder());
    await expect(page.getByRole('row', { name: /Dietary requirements/ }).innerText()).resolves.toMatch(
      /List of options\s+Yes\s+None\s+Halal/,
    );
  });

  it('shows bad input beside its field with the values kept', async () => {
    await page.goto(builder());
    await addField({ label: ' ', key: 'bad key!' });
    await expect(page.locator('#add-label-error').textContent()).resolves.toBe('must be longer than or equal to 1 characters');
    await expect(page.locator('#add-key-error').textContent()).resolves.toBe(
      'must be a letter followed by letters, digits or _ (at most 40)',
    );
    await expect(page.getByLabel(/^Key/).inputValue()).resolves.toBe('bad key!');
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Some fields need your attention');

    await addField({ label: 'Meal', type: 'List of options' });
    await expect(page.locator('#add-options-error').textContent()).resolves.toBe('a select field needs options');
    await expect(page.getByLabel(/^Label/).inputValue()).resolves.toBe('Meal');
    await expect(page.getByLabel(/^Type/).inputValue()).resolves.toBe('select');

    await addField({ label: 'Dietary again', key: 'dietary_requirements' });
    await expect(page.locator('#add-key-error').textContent()).resolves.toBe('repeats the key dietary_requirements');

    await addField({ label: HOSTILE.long });
    await expect(page.locator('#add-label-error').textContent()).resolves.toBe('must be shorter than or equal to 200 characters');
    await expect(page.getByLabel(/^Label/).inputValue()).resolves.toBe(HOSTILE.long);
    await expect(builderLabels()).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup]);
  });

  it('does not overwrite a change made meanwhile by someone else', async () => {
    await page.goto(builder());
    // Another organiser adds a question after this page was shown.
    expectStatus(
      await organiser.api.put(`/events/${event.id}/registration-form`, {
        fields: [...(await savedFields()), { key: 'arrival', label: 'Arrival date', type: 'date', required: false }],
      }),
      200,
      'the other change',
    );
    await addField({ label: 'Badge name' });
    await expect(page.getByRole('alert').first().textContent()).resolves.toBe('The form was changed meanwhile; review and try again.');
    await expect(builderLabels()).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup, 'Arrival date']);
    await expect(page.getByLabel(/^Label/).inputValue()).resolves.toBe('Badge name');
    // Sent again from the page as it is now, it goes through, and nothing is lost.
    await page.getByRole('button', { name: 'Add field' }).click();
    await expect(builderLabels()).resolves.toEqual([
      'Passport or ID number',
      'Dietary requirements',
      HOSTILE.markup,
      'Arrival date',
      'Badge name',
    ]);
    // A move from a page shown before a change is refused the same way.
    await page.goto(builder());
    const fields = await savedFields();
    expectStatus(
      await organiser.api.put(`/events/${event.id}/registration-form`, { fields: fields.filter((field) => field.key !== 'arrival') }),
      200,
      'removing the arrival date meanwhile',
    );
    await page.getByRole('button', { name: 'Move up: Badge name' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toBe('The form was changed meanwhile; review and try again.');
    await expect(builderLabels()).resolves.toEqual(['Passport or ID number', 'Dietary requirements', HOSTILE.markup, 'Badge name']);
  });

  it('shows a check-in user the 403 page and an organiser of another event a 404', async () => {
    const checkin = await createUser(ctx.app.api, 'member');
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'the check-in role');
    const stranger = await createUser(ctx.app.api, 'organiser');
    // A draft, which only its team may see: outsiders get a 404 (a published event's builder is a 403 for them).
    const draft = await createEvent(organiser.api);
    expectStatus(await organiser.api.put(`/events/${draft.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'the check-in role');
    for (const [who, status, heading, id] of [
      [checkin, 403, 'You do not have access to this page', event.id],
      [checkin, 403, 'You do not have access to this page', draft.id],
      [stranger, 404, 'Page not found', draft.id],
    ] as const) {
      const other = await signedIn(browser, ctx.app.url, { email: who.email, password: PASSWORD });
      const form = `/console/events/${id}/form`;
      for (const path of [form, `${form}/preview`, `${form}/fields/dietary_requirements`]) {
        const response = await other.page.goto(path);
        expect(response?.status()).toBe(status);
        await expect(other.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
      }
      await other.context.close();
    }
  });
});
