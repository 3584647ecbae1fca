import type { Browser, BrowserContext, Page } from 'playwright-core';
import { conference, karachi, speakers } from '../fixtures/islamabad-2025';
import { launchBrowser } from '../support/browser';
import { inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { bookSpeakers, createPublishedEvent, createSession, createSpeaker, createUser, expectStatus, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

/**
 * Issue 17: the console's agenda editor, told as the Islamabad conference's protocol officer uses it, in a
 * real browser against the real server, PostgreSQL and an SMTP sink. Names, positions and organisations are
 * the conference's (test/fixtures/islamabad-2025.ts); times, rooms, precedence ranks and emails are SAMPLE.
 */
describe('Console: building the Islamabad agenda', () => {
  const env: Record<string, string> = { MAIL_POLL_INTERVAL_MS: '500', PUBLIC_URL: 'http://plenary.example.org' };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let event: { id: string; slug: string; title: string };
  let context: BrowserContext;
  let page: Page;
  let closingId: string;
  let openingPath: string;
  const problems: string[] = [];
  /** SAMPLE addresses: the record has none. */
  const emails: Record<string, string> = { munir: 'nabeel.munir@mofa.example.org', gross: 'philipp.gross@eeas.example.org' };

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Protocol Officer');
    const { partners: _partners, ...details } = conference;
    event = await createPublishedEvent(organiser.api, details);
    // Already in the agenda (through the API): the closing session with the State Minister's keynote.
    const chaudhry = await createSpeaker(organiser.api, event.id, speakers.chaudhry);
    const closing = await createSession(organiser.api, event.id, {
      title: 'Closing session',
      kind: 'closing',
      room: 'Main hall',
      startsAt: karachi('2025-11-27', '14:30'),
      endsAt: karachi('2025-11-27', '15:30'),
    });
    closingId = closing.id;
    await bookSpeakers(organiser.api, closing.id, [{ speakerId: chaudhry.id, role: 'keynote' }]);
    ({ context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: 'correct horse battery staple' }));
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const agendaPath = () => `/console/events/${event.id}/agenda`;
  const speakerInvitations = async (to: string) =>
    (
      expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'the mail log').items as {
        to: string;
        template: string;
      }[]
    ).filter((item) => item.to === to && item.template === 'speaker_invitation');

  it('shows every day of the event in its time zone, the empty first day too', async () => {
    await page.goto(agendaPath());
    expect(await page.getByText('Asia/Karachi', { exact: true }).isVisible()).toBe(true);
    const first = page.getByRole('region', { name: 'Wednesday 26 November 2025' });
    const second = page.getByRole('region', { name: 'Thursday 27 November 2025' });
    expect(await first.getByText('No sessions on this day yet.').isVisible()).toBe(true);
    expect(await second.getByRole('link', { name: 'Closing session' }).isVisible()).toBe(true);
    expect(await second.locator('.agenda-time').textContent()).toBe('14:30–15:30');
    expect(await second.getByText('Mr Talal Chaudhry').isVisible()).toBe(true);
  });

  it('enters four opening speakers in the directory, in no particular order, each with a precedence', async () => {
    await page.goto(`${agendaPath()}/speakers`);
    expect(await page.getByRole('heading', { name: 'What precedence means' }).isVisible()).toBe(true);
    expect(await page.getByText('the lower the number, the earlier', { exact: false }).isVisible()).toBe(true);
    for (const key of ['sato', 'gross', 'stolpe', 'munir']) {
      const speaker = speakers[key];
      await page.getByLabel('Honorific').fill(speaker.honorific);
      await page.getByLabel(/^Full name/).fill(speaker.fullName);
      await page.getByLabel('Position').fill(speaker.position);
      await page.getByLabel('Organisation').fill(speaker.organisation ?? '');
      await page.getByLabel('Email').fill(emails[key] ?? '');
      await page.getByLabel('Precedence', { exact: true }).fill(String(speaker.precedence));
      await Promise.all([
        page.waitForURL(/\/agenda\/speakers\?done=created(#[\w-]+)?$/),
        page.getByRole('button', { name: 'Add speaker' }).click(),
      ]);
    }
    // The directory lists them by precedence, whatever order they came in.
    const names = await page.getByRole('region', { name: 'Directory' }).locator('tbody tr td:nth-child(2) a').allTextContents();
    expect(names).toEqual(['Mr Talal Chaudhry', 'Ambassador Nabeel Munir', 'Mr Philipp Oliver Gross', 'Dr Oliver Stolpe', 'Ms Mio Sato']);
    problems.push(...(await inspectScreen(page, 'agenda-speakers', 'Speakers')));
  });

  it('adds the opening session and books the four, shuffled; the session and the public agenda list them in protocol order', async () => {
    await page.goto(agendaPath());
    await page.getByLabel(/^Title/).fill('Opening session');
    await page.getByLabel(/^Kind/).selectOption('opening');
    await page.getByLabel(/^Starts/).fill('2025-11-26T09:30');
    await page.getByLabel(/^Ends/).fill('2025-11-26T10:30');
    await page.getByLabel('Room').fill('Main hall');
    await Promise.all([
      page.waitForURL(/\/agenda\/sessions\/[0-9a-f-]{36}\?done=created(#[\w-]+)?$/),
      page.getByRole('button', { name: 'Add session' }).click(),
    ]);
    openingPath = new URL(page.url()).pathname;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Opening session');
    expect(await page.locator('dl.details dd').first().textContent()).toBe('26 November 2025, 09:30–10:30 (Asia/Karachi)');

    for (const key of ['stolpe', 'sato', 'munir', 'gross']) {
      await page
        .getByLabel('Speaker', { exact: true })
        .selectOption({ label: `${speakers[key].honorific} ${speakers[key].fullName} (precedence ${speakers[key].precedence})` });
      await page.getByLabel(/^Role/).selectOption('speaker');
      await Promise.all([page.waitForURL(/\?done=booked(#[\w-]+)?$/), page.getByRole('button', { name: 'Book speaker' }).click()]);
    }
    const inProtocolOrder = ['Ambassador Nabeel Munir', 'Mr Philipp Oliver Gross', 'Dr Oliver Stolpe', 'Ms Mio Sato'];
    expect(await page.locator('.agenda-booked .agenda-name').allTextContents()).toEqual(inProtocolOrder);
    problems.push(...(await inspectScreen(page, 'agenda-session', 'Opening session')));

    // The public agenda page, as anyone reads it.
    const visitor = await browser.newContext({ baseURL: ctx.app.url });
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/events/${event.slug}/agenda`);
    const opening = publicPage.locator('li.session', { has: publicPage.getByRole('heading', { name: 'Opening session' }) });
    expect(await opening.locator('.speakers .name').allTextContents()).toEqual(inProtocolOrder);
    expect(await opening.locator('.time').textContent()).toBe('09:30–10:30');
    await visitor.close();

    // The console's preview shows the same.
    await page.goto(`${agendaPath()}/preview`);
    const previewed = page.locator('li.agenda-session', { has: page.getByRole('heading', { name: 'Opening session' }) });
    expect(await previewed.locator('.agenda-preview-speakers .name').allTextContents()).toEqual(inProtocolOrder);
    expect(await page.getByRole('link', { name: 'the event’s agenda page' }).getAttribute('href')).toBe(`/events/${event.slug}/agenda`);
    problems.push(...(await inspectScreen(page, 'agenda-preview', 'Agenda preview')));

    await page.goto(agendaPath());
    problems.push(...(await inspectScreen(page, 'agenda', 'Agenda')));
  });

  it('refuses to double-book the keynote speaker, naming the clashing session; "Book anyway" books and the clash is listed with both sessions', async () => {
    await page.goto(agendaPath());
    await page.getByLabel(/^Title/).fill('Press briefing with the State Minister');
    await page.getByLabel(/^Kind/).selectOption('side_event');
    await page.getByLabel(/^Starts/).fill('2025-11-27T15:00');
    await page.getByLabel(/^Ends/).fill('2025-11-27T15:45');
    await page.getByLabel('Room').fill('Press room');
    await Promise.all([page.waitForURL(/\?done=created(#[\w-]+)?$/), page.getByRole('button', { name: 'Add session' }).click()]);
    const briefingPath = new URL(page.url()).pathname;
    const briefingId = briefingPath.split('/').at(-1)!;

    await page.getByLabel('Speaker', { exact: true }).selectOption({ label: 'Mr Talal Chaudhry (precedence 1)' });
    await page.getByLabel(/^Role/).selectOption('keynote');
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Book speaker' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    const speakerField = page.getByLabel('Speaker', { exact: true });
    expect(await speakerField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#speakerId-error').textContent()).toBe(
      'Talal Chaudhry is already booked in “Closing session” (27 November 2025, 14:30–15:30), which overlaps this session.',
    );
    expect(await page.getByRole('alert').isVisible()).toBe(true);
    expect(await speakerField.inputValue()).toBe(
      (await organiser.api.get(`/events/${event.id}/speakers`)).body.find((s: any) => s.fullName === 'Talal Chaudhry').id,
    );
    expect(await page.getByLabel(/^Role/).inputValue()).toBe('keynote');
    expect(await page.locator('.agenda-clash').getByRole('link', { name: 'Closing session' }).getAttribute('href')).toBe(
      `/console/events/${event.id}/agenda/sessions/${closingId}`,
    );
    problems.push(...(await inspectScreen(page, 'agenda-session-clash', 'Press briefing with the State Minister')));
    const notBooked = (await organiser.api.get(`/events/${event.id}/agenda`)).body.days[1].sessions.find((s: any) => s.id === briefingId);
    expect(notBooked.speakers).toEqual([]);

    await Promise.all([page.waitForURL(/\?done=booked-clash(#[\w-]+)?$/), page.getByRole('button', { name: 'Book anyway' }).click()]);
    expect(await page.locator('.agenda-booked .agenda-name').allTextContents()).toEqual(['Mr Talal Chaudhry']);
    expect(await page.getByRole('status').first().textContent()).toContain('listed under Conflicts');

    await page.goto(agendaPath());
    expect(await page.getByText('1 clash').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'See the conflicts' }).click();
    const clash = page.getByRole('region', { name: 'Speakers in two sessions at once' }).getByRole('listitem');
    expect(await clash.textContent()).toMatch(
      /Talal Chaudhry\s+is booked in\s+Closing session \(27 November 2025, 14:30–15:30\) and Press briefing with the State Minister \(27 November 2025, 15:00–15:45\)\./,
    );
    expect(await clash.getByRole('link', { name: 'Closing session' }).getAttribute('href')).toBe(
      `/console/events/${event.id}/agenda/sessions/${closingId}`,
    );
    expect(await clash.getByRole('link', { name: 'Press briefing with the State Minister' }).getAttribute('href')).toBe(briefingPath);
    expect(await page.getByRole('region', { name: 'Rooms with two sessions at once' }).getByText('None.').isVisible()).toBe(true);
    problems.push(...(await inspectScreen(page, 'agenda-conflicts', 'Conflicts')));
    await Promise.all([page.waitForURL(`**/sessions/${closingId}`), clash.getByRole('link', { name: 'Closing session' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Closing session');
  });

  it('sends a speaker invitation that arrives; a double click mails once, and so do two posts at once', async () => {
    await page.goto(openingPath);
    // Speakers without an address have no button.
    expect(await page.getByRole('button', { name: 'Send invitation to Dr Oliver Stolpe' }).count()).toBe(0);
    await Promise.all([
      page.waitForURL(/\?done=invited#speakers-heading$/),
      page.getByRole('button', { name: 'Send invitation to Ambassador Nabeel Munir' }).dblclick(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain('The invitation to this session has been queued');
    expect(await page.getByText('Invitation mailed').count()).toBe(1);

    const mail = await eventually(
      async () => (await smtp.sink.messages()).find((message) => message.envelopeTo.includes(emails.munir)),
      60_000,
      "Ambassador Munir's invitation",
    );
    expect(mail.text).toContain('Opening session');
    expect(mail.text).toContain('Role: speaker');
    expect(mail.text).toContain(`http://plenary.example.org/events/${event.slug}/agenda`);
    expect(await speakerInvitations(emails.munir)).toHaveLength(1);

    // Two posts of the form at once, as a double click without JavaScript sends them: one mails, the other is told it just was.
    const landed = await page.evaluate<string[]>(`(async () => {
      const form = [...document.querySelectorAll('form')].find((one) => one.action.includes('/invitation') && one.textContent.includes('Send invitation') && one.querySelector('button').getAttribute('aria-label').includes('Gross'));
      const post = () => fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
      return (await Promise.all([post(), post()])).map((answer) => new URL(answer.url).search);
    })()`);
    expect(landed.sort()).toEqual(['?done=invited', '?done=invited-recently']);
    expect(await speakerInvitations(emails.gross)).toHaveLength(1);
    await eventually(
      async () => (await smtp.sink.messages()).find((message) => message.envelopeTo.includes(emails.gross)),
      60_000,
      "Mr Gross's invitation",
    );
    expect((await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(emails.munir))).toHaveLength(1);
  });

  it('shows every screen without a problem at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
