import type { Browser } from 'playwright-core';
import { nextMailTo } from '../support/accounts';
import { launchBrowser } from '../support/browser';
import { HOSTILE, inspectAtBothWidths, inspectScreen, signedIn } from '../support/console';
import { useApp } from '../support/context';
import { parseCsv, readXlsx } from '../support/exports';
import { createPublishedEvent, createUser, expectStatus, TestUser, unique } from '../support/factories';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const PASSWORD = 'correct horse battery staple';

describe('Console: the registrations of an event', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '0', LOGIN_RATE_LIMIT: '0', MAIL_POLL_INTERVAL_MS: '500' };
  beforeAll(async () => {
    sink = await startSmtpSink({ parse: 'full' });
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink.stop());
  const ctx = useApp(env);
  let browser: Browser;
  let organiser: TestUser;
  let checkin: TestUser;
  let event: { id: string; slug: string };
  let otherEventRegistration: string;
  const people: { id: string; email: string; givenName: string; familyName: string; organisation: string }[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    organiser = await createUser(ctx.app.api, 'organiser', 'Amina Rahman');
    checkin = await createUser(ctx.app.api, 'member', 'Desk Clerk');
    event = await createPublishedEvent(organiser.api, { title: 'Consultation on Labour Migration', approvalRequired: true, capacity: 2 });
    expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' }), 200, 'check-in');
    expectStatus(
      await organiser.api.put(`/events/${event.id}/registration-form`, {
        fields: [{ key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['None', 'Halal'] }],
      }),
      200,
      'form',
    );
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Republic of Türkiye',
        kind: 'country',
        countryCode: 'TR',
        quota: 3,
      }),
      201,
      'delegation',
    );
    const rows = [
      { givenName: 'Zainab', familyName: 'Haider', organisation: 'Ministry of Interior', delegationCode: undefined },
      { givenName: HOSTILE.markup, familyName: 'Script', organisation: HOSTILE.rtl, delegationCode: delegation.code },
      { givenName: 'Mehmet', familyName: 'Yılmaz', organisation: 'Göç İdaresi', delegationCode: delegation.code },
      { givenName: 'Lena', familyName: 'Berg', organisation: 'FRONTEX', delegationCode: undefined },
    ];
    for (const row of rows) {
      const email = `${unique(row.familyName.toLowerCase())}@example.org`;
      const created = expectStatus(
        await ctx.app.api.post(`/events/${event.id}/registrations`, { ...row, email, answers: { dietary: 'None' } }),
        201,
        'registration',
      );
      people.push({ id: created.id, email, givenName: row.givenName, familyName: row.familyName, organisation: row.organisation });
    }
    const other = await createPublishedEvent(organiser.api, { title: 'Another event' });
    otherEventRegistration = expectStatus(
      await ctx.app.api.post(`/events/${other.id}/registrations`, {
        email: `${unique('x')}@example.org`,
        givenName: 'Other',
        familyName: 'Person',
      }),
      201,
      'other registration',
    ).id;
  });
  afterAll(() => browser?.close());

  it('searches, approves three in bulk (their approval mails arrive, the third waits for a seat) and rejects one with a reason that reaches the mail', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    await page.goto(`/console/events/${event.id}/registrations`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('4 registrations');
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    problems.push(...(await inspectAtBothWidths(context, `/console/events/${event.id}/registrations`, 'registrations', 'Registrations')));

    await page.getByLabel('Search').fill('göç');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.get('q')).toBe('göç');
    await expect(page.getByRole('row', { name: /Yılmaz/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('row', { name: /Haider/ }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    for (const person of people.slice(0, 3)) {
      await page.getByRole('checkbox', { name: new RegExp(`Select .*${person.familyName}`) }).check();
    }
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('3 registrations approved');
    for (const person of people.slice(0, 3)) {
      const mail = await nextMailTo(sink, person.email, 1);
      expect(mail.subject).toMatch(/confirmed|waiting list/i);
    }
    const statuses = await Promise.all(
      people
        .slice(0, 3)
        .map(
          async (person) =>
            expectStatus(await organiser.api.get(`/events/${event.id}/registrations?q=${person.email}`), 200, 'list').items[0].status,
        ),
    );
    expect(statuses.sort()).toEqual(['confirmed', 'confirmed', 'waitlisted']);

    await page.getByRole('checkbox', { name: /Select .*Berg/ }).check();
    // A reason longer than the mail takes (1,000 characters) is refused beside the field; the text and the selection are kept.
    const tooLong = `${'Too long. '.repeat(100)}!`;
    await page.getByLabel('Reason for a rejection (goes into the mail)').fill(tooLong);
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await expect(page.locator('#reason-error').textContent()).resolves.toContain('1000');
    await expect(page.getByLabel('Reason for a rejection (goes into the mail)').inputValue()).resolves.toBe(tooLong);
    await expect(page.getByRole('checkbox', { name: /Select .*Berg/ }).isChecked()).resolves.toBe(true);
    expect(
      expectStatus(await organiser.api.get(`/events/${event.id}/registrations?q=${people[3].email}`), 200, 'list').items[0].status,
    ).toBe('pending');
    await page.getByLabel('Reason for a rejection (goes into the mail)').fill('The meeting is limited to <b>government</b> delegations.');
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('1 registration rejected');
    const rejection = await nextMailTo(sink, people[3].email, 1);
    expect(rejection.text).toContain('The meeting is limited to <b>government</b> delegations.');
    expect(rejection.html).toContain('limited to &lt;b&gt;government&lt;/b&gt; delegations');

    await page.goto(`/console/events/${event.id}/registrations?status=waitlisted&sort=waitlist`);
    await expect(page.getByRole('row').count()).resolves.toBe(2);
    await context.close();
  });

  it('filters by delegation and exports that view as CSV and XLSX', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    await page.goto(`/console/events/${event.id}/registrations`);
    await page.getByLabel('Delegation').selectOption({ label: 'Republic of Türkiye' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('row').count()).resolves.toBe(3);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = parseCsv(Buffer.concat(await (await csvDownload.createReadStream()).toArray()).toString('utf8'));
    const given = csv[0].indexOf('given_name');
    expect(
      csv
        .slice(1)
        .map((row) => row[given])
        .sort(),
    ).toEqual([HOSTILE.markup, 'Mehmet'].sort());
    expect(csv[0]).toContain('Dietary requirements');
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export XLSX' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe(`registrations-${event.slug}.xlsx`);
    const sheet = await readXlsx(Buffer.concat(await (await xlsxDownload.createReadStream()).toArray()));
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const family = header.indexOf('family_name');
    expect([sheet.getRow(2).getCell(family).text, sheet.getRow(3).getCell(family).text].sort()).toEqual(['Script', 'Yılmaz']);
    await context.close();
  });

  it('shows a registration with its answers, history and mails; edits its details (errors beside the fields) and cancels it', async () => {
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    const person = people[1];
    const path = `/console/events/${event.id}/registrations/${person.id}`;
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`${HOSTILE.markup} Script`);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    const history = page.getByRole('region', { name: 'Status history' });
    await expect(history.getByRole('row').count()).resolves.toBe(3);
    await expect(page.getByRole('region', { name: 'Mails sent' }).getByRole('row').count()).resolves.toBe(3);
    await expect(page.getByText('Dietary requirements').isVisible()).resolves.toBe(true);
    problems.push(...(await inspectAtBothWidths(context, path, 'registration', `${HOSTILE.markup} Script`)));

    await page.getByLabel('Given name').fill('');
    await page.getByLabel('Organisation').fill(HOSTILE.long);
    await page.getByRole('button', { name: 'Save details' }).click();
    await expect(page.locator('#givenName-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Organisation').inputValue()).resolves.toBe(HOSTILE.long);
    problems.push(...(await inspectScreen(page, 'registration-errors', `${HOSTILE.markup} Script`)));
    await page.getByLabel('Given name').fill('Saleem');
    await page.getByLabel('Organisation').fill('Ministry of Foreign Affairs');
    await page.getByRole('button', { name: 'Save details' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Details saved.');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Saleem Script');

    const badge = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), start: (await response.text()).slice(0, 5) };
    }, `${path}/badge.pdf`);
    expect(badge).toEqual({ status: 200, type: 'application/pdf', start: '%PDF-' });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel registration' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Registration cancelled.');
    await context.close();
  });

  it('answers 403 to check-in staff, and 404 for another event’s registration through this event’s pages', async () => {
    const staff = await signedIn(browser, ctx.app.url, { email: checkin.email, password: PASSWORD });
    expect((await staff.page.goto(`/console/events/${event.id}/registrations`))?.status()).toBe(403);
    await staff.context.close();
    const { context, page } = await signedIn(browser, ctx.app.url, { email: organiser.email, password: PASSWORD });
    expect((await page.goto(`/console/events/${event.id}/registrations/${otherEventRegistration}`))?.status()).toBe(404);
    expect((await page.goto(`/console/events/${event.id}/registrations?status=lost&checkedIn=maybe`))?.status()).toBe(400);
    await expect(page.locator('#status-error').textContent()).resolves.toContain('must be one of');
    await context.close();
  });

  it('shows every screen above without an axe problem or sideways scrolling, at 1280 and 390 px', () => {
    expect(problems).toEqual([]);
  });
});
