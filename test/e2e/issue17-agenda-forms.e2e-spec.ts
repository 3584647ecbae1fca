import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { karachi, speakers } from '../fixtures/islamabad-2025';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { bookSpeakers, createEvent, createSession, createSpeaker, createUser, expectStatus, TestUser } from '../support/factories';

/**
 * Issue 17: every form of the console's agenda editor refuses bad input beside the field, keeps what was
 * typed and stores nothing (checked through the API); hostile text shows as text; the screens are looked
 * at in their error states too; deleting asks first. On a draft event (the preview works before publishing).
 */
describe('Console: the agenda editor’s forms', () => {
  const ctx = useApp();
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string };
  let other: { id: string };
  let context: BrowserContext;
  let page: Page;
  let session: { id: string };
  let speaker: { id: string };
  let foreignSession: { id: string };
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Protocol Officer');
    event = await createEvent(organiser.api, { title: 'International Conference on Countering the Smuggling of Migrants' });
    other = await createEvent(organiser.api, { title: 'Another event' });
    session = await createSession(organiser.api, event.id, {
      title: 'Emerging trends in migrant smuggling',
      kind: 'panel',
      room: 'Hall B',
      startsAt: karachi('2025-11-26', '11:00'),
      endsAt: karachi('2025-11-26', '12:30'),
    });
    speaker = await createSpeaker(organiser.api, event.id, { ...speakers.stolpe, email: 'oliver.stolpe@unodc.example.org' });
    foreignSession = await createSession(organiser.api, other.id, {
      title: 'Not this event',
      startsAt: karachi('2025-11-26', '09:00'),
      endsAt: karachi('2025-11-26', '10:00'),
    });
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const base = () => `/console/events/${event.id}/agenda`;
  const sessionPath = () => `${base()}/sessions/${session.id}`;
  const agenda = async () => expectStatus(await organiser.api.get(`/events/${event.id}/agenda`), 200, 'the agenda');
  const sessionTitles = async () => (await agenda()).days.flatMap((day: any) => day.sessions.map((one: any) => one.title));
  const directory = async () => expectStatus(await organiser.api.get(`/events/${event.id}/speakers`), 200, 'the speakers');
  /** Clicks a submit button and answers the response of the POST it sent. */
  const submit = async (name: string): Promise<Response> => {
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    await page.waitForLoadState();
    return response;
  };
  const errorOf = (id: string) => page.locator(`#${id}-error`).textContent();
  const invalid = (label: string | RegExp) => page.getByLabel(label, { exact: typeof label === 'string' }).getAttribute('aria-invalid');

  it('refuses a new session ending before it starts, beside Ends, keeping every field, storing nothing', async () => {
    await page.goto(base());
    await page.getByLabel(/^Title/).fill('Operational challenges and whole-of-route cooperation');
    await page.getByLabel(/^Kind/).selectOption('panel');
    await page.getByLabel(/^Starts/).fill('2025-11-26T15:30');
    await page.getByLabel(/^Ends/).fill('2025-11-26T14:00');
    await page.getByLabel('Room').fill('Hall A');
    await page.getByLabel('Track').fill('Operations');
    await page.getByLabel('Description').fill('Whole-of-route cooperation.\nSecond line.');
    const response = await submit('Add session');
    expect(response.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Some fields need your attention');
    expect(await invalid(/^Ends/)).toBe('true');
    expect(await errorOf('endsAt')).toBe('must be after the start');
    expect(await page.getByLabel(/^Title/).inputValue()).toBe('Operational challenges and whole-of-route cooperation');
    expect(await page.getByLabel(/^Starts/).inputValue()).toBe('2025-11-26T15:30');
    expect(await page.getByLabel(/^Ends/).inputValue()).toBe('2025-11-26T14:00');
    expect(await page.getByLabel('Room').inputValue()).toBe('Hall A');
    expect(await page.getByLabel('Track').inputValue()).toBe('Operations');
    expect(await page.getByLabel('Description').inputValue()).toBe('Whole-of-route cooperation.\nSecond line.');
    expect(await sessionTitles()).toEqual(['Emerging trends in migrant smuggling']);
    problems.push(...(await inspectScreen(page, 'agenda-errors', 'Agenda')));
  });

  it('refuses a session outside the event’s days, and one without a title or an end', async () => {
    await page.goto(base());
    await page.getByLabel(/^Title/).fill('Field visit');
    await page.getByLabel(/^Starts/).fill('2025-11-28T09:00');
    await page.getByLabel(/^Ends/).fill('2025-11-28T11:00');
    expect((await submit('Add session')).status()).toBe(400);
    expect(await invalid(/^Starts/)).toBe('true');
    expect(await errorOf('startsAt')).toBe("must be within the event's dates (2025-11-26 to 2025-11-27, Asia/Karachi)");
    expect(await page.getByLabel(/^Starts/).inputValue()).toBe('2025-11-28T09:00');

    // Ending after midnight of the last day, in Karachi, is outside too.
    await page.getByLabel(/^Starts/).fill('2025-11-27T23:00');
    await page.getByLabel(/^Ends/).fill('2025-11-28T00:30');
    expect((await submit('Add session')).status()).toBe(400);
    expect(await errorOf('endsAt')).toBe("must be within the event's dates (2025-11-26 to 2025-11-27, Asia/Karachi)");

    await page.getByLabel(/^Title/).fill('   ');
    await page.getByLabel(/^Starts/).fill('2025-11-27T09:00');
    await page.getByLabel(/^Ends/).fill('');
    expect((await submit('Add session')).status()).toBe(400);
    expect(await errorOf('title')).toBe('Enter a title');
    expect(await errorOf('endsAt')).toBe('Enter the date and time it ends');
    expect(await invalid(/^Title/)).toBe('true');
    expect(await page.getByLabel(/^Starts/).inputValue()).toBe('2025-11-27T09:00');
    expect(await sessionTitles()).toEqual(['Emerging trends in migrant smuggling']);
  });

  it('refuses an edit that ends before it starts, or moves the session out of the event, keeping the input, changing nothing', async () => {
    await page.goto(sessionPath());
    await page.getByLabel(/^Title/).fill('Emerging trends (renamed)');
    await page.getByLabel(/^Ends/).fill('2025-11-26T10:00');
    expect((await submit('Save session')).status()).toBe(400);
    expect(await errorOf('endsAt')).toBe('must be after the start');
    expect(await page.getByLabel(/^Title/).inputValue()).toBe('Emerging trends (renamed)');
    expect(await page.getByLabel(/^Ends/).inputValue()).toBe('2025-11-26T10:00');
    problems.push(...(await inspectScreen(page, 'agenda-session-errors', 'Emerging trends in migrant smuggling')));

    await page.getByLabel(/^Starts/).fill('2025-11-25T11:00');
    await page.getByLabel(/^Ends/).fill('2025-11-25T12:30');
    expect((await submit('Save session')).status()).toBe(400);
    expect(await errorOf('startsAt')).toContain("must be within the event's dates");
    const [day] = (await agenda()).days;
    expect(day.sessions[0]).toMatchObject({
      title: 'Emerging trends in migrant smuggling',
      startsAt: '2025-11-26T11:00:00+05:00',
      endsAt: '2025-11-26T12:30:00+05:00',
    });

    // A good move to the second day: the agenda shows it there, at the local times typed.
    await page.getByLabel(/^Starts/).fill('2025-11-27T11:30');
    await page.getByLabel(/^Ends/).fill('2025-11-27T13:00');
    await Promise.all([page.waitForURL(/\?done=saved(#[\w-]+)?$/), page.getByRole('button', { name: 'Save session' }).click()]);
    const moved = (await agenda()).days[1].sessions[0];
    expect(moved).toMatchObject({
      title: 'Emerging trends (renamed)',
      startsAt: '2025-11-27T11:30:00+05:00',
      endsAt: '2025-11-27T13:00:00+05:00',
    });
  });

  it('refuses a speaker with a bad email and a precedence that is not a number, beside each, storing nothing', async () => {
    await page.goto(`${base()}/speakers`);
    await page.getByLabel('Honorific').fill('Ms');
    await page.getByLabel(/^Full name/).fill('Mio Sato');
    await page.getByLabel('Position').fill('IOM Pakistan Chief of Mission');
    await page.getByLabel('Email').fill('mio.sato@@iom');
    await page.getByLabel('Precedence', { exact: true }).fill('first');
    await page.getByLabel('Bio').fill('Chief of Mission.\nIOM Pakistan.');
    expect((await submit('Add speaker')).status()).toBe(400);
    expect(await invalid('Email')).toBe('true');
    expect(await errorOf('email')).toBe('must be an email address');
    expect(await invalid('Precedence')).toBe('true');
    expect(await errorOf('precedence')).toBe('must be a whole number, e.g. 1, 2 or 10');
    expect(await page.getByLabel(/^Full name/).inputValue()).toBe('Mio Sato');
    expect(await page.getByLabel('Email').inputValue()).toBe('mio.sato@@iom');
    expect(await page.getByLabel('Precedence', { exact: true }).inputValue()).toBe('first');
    expect(await page.getByLabel('Bio').inputValue()).toBe('Chief of Mission.\nIOM Pakistan.');
    problems.push(...(await inspectScreen(page, 'agenda-speakers-errors', 'Speakers')));

    await page.getByLabel(/^Full name/).fill('');
    await page.getByLabel('Email').fill('mio.sato@iom.example.org');
    await page.getByLabel('Precedence', { exact: true }).fill('-1');
    expect((await submit('Add speaker')).status()).toBe(400);
    expect(await errorOf('fullName')).toBe('Enter the full name');
    expect(await errorOf('precedence')).toBe('must not be less than 0');
    expect((await directory()).map((one: any) => one.fullName)).toEqual(['Oliver Stolpe']);
  });

  it('refuses a bad edit of a speaker, keeping the input; a good one is saved', async () => {
    await page.goto(`${base()}/speakers/${speaker.id}`);
    await page.getByLabel('Email').fill('not an address');
    await page.getByLabel('Precedence', { exact: true }).fill('4.5');
    expect((await submit('Save speaker')).status()).toBe(400);
    expect(await errorOf('email')).toBe('must be an email address');
    expect(await errorOf('precedence')).toBe('must be a whole number, e.g. 1, 2 or 10');
    expect(await page.getByLabel('Email').inputValue()).toBe('not an address');
    problems.push(...(await inspectScreen(page, 'agenda-speaker-errors', 'Dr Oliver Stolpe')));
    expect((await directory())[0]).toMatchObject({ email: 'oliver.stolpe@unodc.example.org', precedence: 4 });

    await page.getByLabel('Email').fill('o.stolpe@unodc.example.org');
    await page.getByLabel('Precedence', { exact: true }).fill('');
    await Promise.all([page.waitForURL(/\?done=saved(#[\w-]+)?$/), page.getByRole('button', { name: 'Save speaker' }).click()]);
    expect((await directory())[0]).toMatchObject({ email: 'o.stolpe@unodc.example.org', precedence: null });
    problems.push(...(await inspectScreen(page, 'agenda-speaker', 'Dr Oliver Stolpe')));
  });

  it('refuses a booking without a speaker or with an order that is not a number, storing nothing', async () => {
    await page.goto(sessionPath());
    await page.getByLabel(/^Role/).selectOption('moderator');
    await page.getByLabel(/^Order/).fill('two');
    expect((await submit('Book speaker')).status()).toBe(400);
    expect(await errorOf('speakerId')).toBe('Choose a speaker');
    expect(await errorOf('order')).toBe('must be a whole number');
    expect(await page.getByLabel(/^Role/).inputValue()).toBe('moderator');
    expect(await page.getByLabel(/^Order/).inputValue()).toBe('two');
    expect((await agenda()).days[1].sessions[0].speakers).toEqual([]);

    await page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Dr Oliver Stolpe' });
    await page.getByLabel(/^Order/).fill('2');
    await Promise.all([page.waitForURL(/\?done=booked(#[\w-]+)?$/), page.getByRole('button', { name: 'Book speaker' }).click()]);
    expect(await page.locator('.agenda-booked li').textContent()).toContain('Moderator · order 2');
  });

  it('shows hostile markup in a session title and a speaker name as text', async () => {
    await page.goto(`${base()}/speakers`);
    await page.getByLabel(/^Full name/).fill(HOSTILE.markup);
    await page.getByLabel('Position').fill(HOSTILE.rtl);
    await Promise.all([page.waitForURL(/\?done=created(#[\w-]+)?$/), page.getByRole('button', { name: 'Add speaker' }).click()]);
    expect(await page.getByRole('link', { name: HOSTILE.markup }).isVisible()).toBe(true);
    const hostileSpeaker = (await directory()).find((one: any) => one.fullName === HOSTILE.markup);

    await page.goto(base());
    await page.getByLabel(/^Title/).fill(HOSTILE.markup);
    await page.getByLabel(/^Starts/).fill('2025-11-27T11:00');
    await page.getByLabel(/^Ends/).fill('2025-11-27T12:00');
    await page.getByLabel('Room').fill(HOSTILE.markup);
    await Promise.all([page.waitForURL(/\?done=created(#[\w-]+)?$/), page.getByRole('button', { name: 'Add session' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE.markup);
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);
    await page.getByLabel('Speaker', { exact: true }).selectOption(hostileSpeaker.id);
    await Promise.all([page.waitForURL(/\?done=booked(#[\w-]+)?$/), page.getByRole('button', { name: 'Book speaker' }).click()]);
    expect(await page.locator('.agenda-booked .agenda-name').allTextContents()).toEqual([HOSTILE.markup]);
    // As text where it was typed (the title, the name), and nowhere as markup: no injected element, nothing run.
    const shown: [string, 'link' | 'heading'][] = [
      [base(), 'link'],
      [`${base()}/preview`, 'heading'],
      [`${base()}/speakers`, 'link'],
    ];
    for (const [path, role] of shown) {
      await page.goto(path);
      expect(await page.getByRole(role, { name: HOSTILE.markup, exact: true }).first().isVisible()).toBe(true);
      expect(await page.locator('img[src="x"], main script').count()).toBe(0);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
    }

    // Overlapping the moved panel, with its moderator: a clash, listed with the hostile title.
    await page.goto(`${base()}/sessions/${(await agenda()).days[1].sessions.find((one: any) => one.title === HOSTILE.markup).id}`);
    await page.getByLabel('Speaker', { exact: true }).selectOption(speaker.id);
    expect((await submit('Book speaker')).status()).toBe(409);
    await Promise.all([page.waitForURL(/\?done=booked-clash(#[\w-]+)?$/), page.getByRole('button', { name: 'Book anyway' }).click()]);
    await page.goto(`${base()}/conflicts`);
    expect(await page.getByRole('link', { name: HOSTILE.markup, exact: true }).isVisible()).toBe(true);
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    problems.push(...(await inspectScreen(page, 'agenda-conflicts-hostile', 'Conflicts')));
    await page.goto(`${base()}/preview`);
    expect(await page.getByText('will be shown once the event is published').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'agenda-preview-draft', 'Agenda preview')));
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('asks before deleting: without JavaScript on a page of its own, with it in a dialog; removes a booking the same way', async () => {
    // Without JavaScript: the form's post lands on a confirmation page, which deletes nothing yet.
    const plain = await browser.newContext({ baseURL: ctx.app.url, javaScriptEnabled: false, storageState: await context.storageState() });
    const noScript = await plain.newPage();
    noScript.setDefaultTimeout(20_000);
    await noScript.goto(sessionPath());
    await noScript.getByRole('button', { name: 'Delete session' }).click();
    await noScript.getByRole('heading', { name: 'Delete this session?' }).waitFor();
    expect(await sessionTitles()).toContain('Emerging trends (renamed)');
    await noScript.getByRole('link', { name: 'Cancel' }).click();
    await noScript.getByRole('button', { name: 'Remove Dr Oliver Stolpe from the session' }).click();
    await noScript.getByRole('heading', { name: 'Remove this speaker from the session?' }).waitFor();
    await Promise.all([noScript.waitForURL(/\?done=removed(#[\w-]+)?$/), noScript.getByRole('button', { name: 'Remove speaker' }).click()]);
    await plain.close();
    expect((await agenda()).days[1].sessions.find((one: any) => one.id === session.id).speakers).toEqual([]);

    // The confirmation page, looked at (axe-core needs JavaScript): reached as without it, the form's question taken away.
    await page.goto(sessionPath());
    await page.evaluate(`document.querySelector('form[action$="/delete"]').removeAttribute('data-confirm')`);
    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('heading', { name: 'Delete this session?' }).waitFor();
    problems.push(...(await inspectScreen(page, 'agenda-confirm', 'Delete this session?')));
    expect(await sessionTitles()).toContain('Emerging trends (renamed)');

    // With JavaScript: the browser asks, and on yes the session goes at once.
    await page.goto(sessionPath());
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForURL(/\/agenda\?done=deleted(#[\w-]+)?$/), page.getByRole('button', { name: 'Delete session' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toBe('Session deleted.');
    expect(await sessionTitles()).not.toContain('Emerging trends (renamed)');

    await page.goto(`${base()}/speakers/${speaker.id}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([
      page.waitForURL(/\/speakers\?done=deleted(#[\w-]+)?$/),
      page.getByRole('button', { name: 'Delete speaker' }).click(),
    ]);
    expect((await directory()).map((one: any) => one.fullName)).toEqual([HOSTILE.markup]);
  });

  it('answers 404 for a session or speaker of another event reached through this event’s pages', async () => {
    for (const path of [`${base()}/sessions/${foreignSession.id}`, `${base()}/sessions/not-a-uuid`, `${base()}/speakers/${session.id}`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
    }
    const foreignSpeaker = await createSpeaker(organiser.api, other.id, { fullName: 'Someone Else' });
    await bookSpeakers(organiser.api, foreignSession.id, [{ speakerId: foreignSpeaker.id, role: 'chair' }]);
    expect((await page.goto(`${base()}/speakers/${foreignSpeaker.id}`))?.status()).toBe(404);
  });

  it('shows every screen without a problem at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
