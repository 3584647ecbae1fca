import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { LinkTokens } from '../../src/auth/link-tokens';
import { dataKeyId } from '../../src/common/crypto/data-cipher';
import { RunningApp, startApp, TEST_JWT_SECRET } from '../support/app';
import { launchBrowser } from '../support/browser';
import { httpSignIn, inspectScreen, signedIn } from '../support/console';
import { createTestDatabase } from '../support/database';
import { createEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { ApiClient } from '../support/http';
import { dist } from '../support/paths';
import { spawnNode } from '../support/processes';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery staple';
const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('hex');
/** Values distinctive enough that finding them anywhere means they leaked. */
const API_NUMBER = 'PK9081726354';
const API_BIRTH = '1961-03-17';
const PAGE_NUMBER = 'ZX4455667788';
const PAGE_BIRTH = '1958-11-23';
const SECRETS = [API_NUMBER, API_BIRTH, PAGE_NUMBER, PAGE_BIRTH];
const documentOf = (passportNumber: string, dateOfBirth: string) => ({
  passportNumber,
  issuingCountry: 'PK',
  passportExpiry: '2031-05-20',
  dateOfBirth,
  needsVisaLetter: true,
});

/**
 * Issue 18, passport / ID data kept safe: stored through the API and the delegate's manage page, encrypted
 * at rest (pg_dump holds neither the numbers nor the dates of birth, nor do the server's logs, exports,
 * lists, registration JSON or the mail log), read only by organisers and accreditation staff, publishing
 * refused without a key, a wrong key answered clearly, and a key rotation with `data:rekey`.
 */
describe('Identity data kept safe (issue 18)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  /** Every line every server and CLI run printed, for the log grep at the end. */
  const logs: string[] = [];
  let browser: Browser;
  let organiser: TestUser;
  let desk: TestUser;
  let doorkeeper: TestUser;
  let event: any;
  let viaApi: string;
  let viaPage: string;
  let pageToken: string;

  async function start(env: Record<string, string>): Promise<RunningApp> {
    const started = await startApp({ DATABASE_URL: database.url, REGISTRATION_RATE_LIMIT: '0', ...env });
    started.process.child.on('exit', () => logs.push(...started.process.output));
    return started;
  }
  async function restart(env: Record<string, string>): Promise<void> {
    await app.stop();
    app = await start(env);
    for (const user of [organiser, desk, doorkeeper]) user.api = new ApiClient(`${app.url}/api/v1`).as(user.token);
  }
  const identityOf = (user: TestUser, id: string) => user.api.get(`/registrations/${id}/identity`);

  beforeAll(async () => {
    database = await createTestDatabase();
    // First without DATA_ENCRYPTION_KEY.
    app = await start({});
    browser = await launchBrowser();
    organiser = await createUser(app.api, 'organiser', 'Organiser Person');
    desk = await createUser(app.api, 'member', 'Accreditation Desk');
    doorkeeper = await createUser(app.api, 'member', 'Door Keeper');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('without DATA_ENCRYPTION_KEY, an event asking for passport data is not published (API and console), and no data is taken', async () => {
    event = await createEvent(organiser.api, {
      title: 'Islamabad Conference on Migration',
      asksPassport: true,
      asksPhoto: true,
      registrationClosesAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    expect(event).toMatchObject({ asksPassport: true, asksPhoto: true, status: 'draft' });
    const refused = await organiser.api.post(`/events/${event.id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ENCRYPTION_KEY_MISSING');
    expect(refused.body.message).toContain('DATA_ENCRYPTION_KEY is not set');

    const { cookie, csrf } = await httpSignIn(app.url, organiser.email);
    const page = await fetch(`${app.url}/console/events/${event.id}/publish`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('cannot be published while DATA_ENCRYPTION_KEY is not set');
    expect((await organiser.api.get(`/events/${event.id}`)).body.status).toBe('draft');

    // The console's settings form shows both boxes; a published event cannot start asking for passport data without a key.
    const settings = await (await fetch(`${app.url}/console/events/${event.id}/settings`, { headers: { cookie } })).text();
    expect(settings).toMatch(/id="asksPhoto" name="asksPhoto" checked/);
    expect(settings).toMatch(/id="asksPassport" name="asksPassport" checked/);
    const workshop = await createEvent(organiser.api, {
      title: 'Workshop',
      registrationClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expectStatus(await organiser.api.post(`/events/${workshop.id}/publish`), 200, 'publishing an event without passport data');
    const saved = await fetch(`${app.url}/console/events/${workshop.id}/settings`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        slug: workshop.slug,
        title: 'Workshop',
        startDate: workshop.startDate,
        endDate: workshop.endDate,
        timezone: workshop.timezone,
        asksPassport: 'on',
      }).toString(),
    });
    expect(saved.status).toBe(400);
    expect(await saved.text()).toMatch(
      /<p class="error" id="asksPassport-error">This event asks for passport data, so it cannot be published while DATA_ENCRYPTION_KEY is not set/,
    );
    expect((await organiser.api.get(`/events/${workshop.id}`)).body.asksPassport).toBe(false);
  });

  it('with a key, the event is published; organisers and the accreditation desk write and read the document in full', async () => {
    await restart({ DATA_ENCRYPTION_KEY: KEY_A });
    expectStatus(await organiser.api.post(`/events/${event.id}/publish`), 200, 'publishing');
    for (const [user, role] of [
      [desk, 'accreditation'],
      [doorkeeper, 'checkin'],
    ] as const)
      expectStatus(await organiser.api.put(`/events/${event.id}/roles`, { email: user.email, role }), 200, `granting ${role}`);
    const team = expectStatus(await organiser.api.get(`/events/${event.id}/roles`), 200, 'the team');
    expect(JSON.stringify(team)).toContain('accreditation');

    viaApi = expectStatus(
      await app.api.post(`/events/${event.id}/registrations`, registrant({ givenName: 'Ayesha', familyName: 'Khan', nationality: 'PK' })),
      201,
      'a registration',
    ).id;
    viaPage = expectStatus(
      await app.api.post(`/events/${event.id}/registrations`, registrant({ givenName: 'Bilal', familyName: 'Ahmed', nationality: 'PK' })),
      201,
      'a registration',
    ).id;
    pageToken = new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', viaPage);

    expect((await identityOf(organiser, viaApi)).status).toBe(404);
    const written = await desk.api.put(`/registrations/${viaApi}/identity`, documentOf('pk 9081-726354', API_BIRTH));
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ passportNumber: API_NUMBER, issuingCountryName: 'Pakistan', dateOfBirth: API_BIRTH });
    const read = expectStatus(await identityOf(organiser, viaApi), 200, 'the document');
    expect(read).toMatchObject({ passportNumber: API_NUMBER, passportExpiry: '2031-05-20', dateOfBirth: API_BIRTH, needsVisaLetter: true });

    const row = (
      await database.pool.query('SELECT key_id, passport_number FROM registration_identity WHERE registration_id = $1', [viaApi])
    ).rows[0];
    expect(row.key_id).toBe(dataKeyId(Buffer.from(KEY_A, 'base64')));
    expect(Buffer.from(row.passport_number).includes(Buffer.from(API_NUMBER))).toBe(false);
  });

  it('refuses bad documents naming the field, and the check-in role, outsiders and anonymous callers', async () => {
    const expired = await organiser.api.put(`/registrations/${viaApi}/identity`, {
      ...documentOf('AB123456', API_BIRTH),
      passportExpiry: '2020-01-01',
    });
    expect(expired.status).toBe(400);
    expect(expired.body.details).toEqual([{ field: 'passportExpiry', message: expect.stringContaining('has passed') }]);
    const country = await organiser.api.put(`/registrations/${viaApi}/identity`, {
      ...documentOf('AB123456', API_BIRTH),
      issuingCountry: 'XX',
    });
    expect(country.status).toBe(400);
    expect(country.body.details[0].field).toBe('issuingCountry');
    const future = await organiser.api.put(`/registrations/${viaApi}/identity`, { ...documentOf('AB123456', '2999-01-01') });
    expect(future.body.details).toEqual([{ field: 'dateOfBirth', message: 'must be in the past' }]);

    for (const response of [
      await identityOf(doorkeeper, viaApi),
      await doorkeeper.api.put(`/registrations/${viaApi}/identity`, documentOf('AB123456', API_BIRTH)),
    ]) {
      expect(response.status).toBe(403);
      expect(response.text).not.toContain(API_NUMBER);
    }
    const outsider = await createUser(app.api, 'organiser', 'Other Organiser');
    expect((await identityOf(outsider, viaApi)).status).toBe(403);
    expect((await app.api.get(`/registrations/${viaApi}/identity`)).status).toBe(401);
    // The stored document is unchanged by the refusals.
    expect((await identityOf(organiser, viaApi)).body.passportNumber).toBe(API_NUMBER);

    const { cookie } = await httpSignIn(app.url, doorkeeper.email);
    const consolePage = await fetch(`${app.url}/console/events/${event.id}/registrations/${viaApi}`, { headers: { cookie } });
    expect([403, 404]).toContain(consolePage.status);
    expect(await consolePage.text()).not.toContain(API_NUMBER);
  });

  it('through the manage link, the delegate writes their own and gets it back masked', async () => {
    const written = await app.api.put(`/registrations/manage/${pageToken}/identity`, documentOf('AB1234567', '1970-01-01'));
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ passportNumber: '•••• 4567', passportExpiry: '2031-05-20', dateOfBirthGiven: true });
    const read = await app.api.get(`/registrations/manage/${pageToken}/identity`);
    expect(read.body.passportNumber).toBe('•••• 4567');
    expect(read.text).not.toContain('AB1234567');
    expect(read.text).not.toContain('1970-01-01');
    expect((await app.api.get(`/registrations/manage/${'b'.repeat(43)}/identity`)).status).toBe(404);
  });

  it('the delegate fills in the manage page: errors beside the fields with the input kept, then saved and shown masked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: app.url });
    const page = await context.newPage();
    await page.goto(`/registrations/manage/${pageToken}`);
    const block = page.getByRole('region', { name: 'Passport or ID document' });
    await expect(block.getByText('•••• 4567').count()).resolves.toBe(1);
    await block.getByLabel('Passport or ID number').fill(PAGE_NUMBER);
    await block.getByLabel('Issuing country').selectOption({ label: 'Choose…' });
    await block.getByLabel('Expiry date').fill('2032-08-31');
    await block.getByLabel('Date of birth').fill('');
    await block.getByRole('button', { name: 'Save my passport data' }).click();
    await page.waitForLoadState();
    expect(await block.getByRole('alert').first().textContent()).toContain('Please correct the fields marked below');
    expect(await page.locator('#f-identity-issuingCountry-error').textContent()).toBe('is required');
    expect(await page.locator('#f-identity-dateOfBirth-error').textContent()).toBe('is required');
    expect(await block.getByLabel('Passport or ID number').inputValue()).toBe(PAGE_NUMBER);
    expect(await block.getByLabel('Expiry date').inputValue()).toBe('2032-08-31');
    const problems = await inspectScreen(page, 'issue18-manage-identity-errors', 'Your registration');

    await block.getByLabel('Issuing country').selectOption({ label: 'Pakistan' });
    await block.getByLabel('Date of birth').fill(PAGE_BIRTH);
    await block.getByLabel('I need a visa letter').check();
    await Promise.all([page.waitForURL(/identity=saved/), block.getByRole('button', { name: 'Save my passport data' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('Your passport data has been saved');
    expect(await block.locator('.masked-number').textContent()).toBe('•••• 7788');
    const html = await page.content();
    expect(html).not.toContain(PAGE_NUMBER);
    expect(html).not.toContain(PAGE_BIRTH);
    expect(await block.getByLabel('Passport or ID number').inputValue()).toBe('');
    problems.push(...(await inspectScreen(page, 'issue18-manage-identity-saved', 'Your registration')));
    await context.close();
    expect(problems).toEqual([]);
    expect((await identityOf(organiser, viaPage)).body).toMatchObject({
      passportNumber: PAGE_NUMBER,
      dateOfBirth: PAGE_BIRTH,
      needsVisaLetter: true,
    });
  }, 180_000);

  it('the accreditation desk sees the "Identity document" section in the console, without the organisers\' decisions', async () => {
    const { context, page } = await signedIn(browser, app.url, { email: desk.email, password: PASSWORD });
    await page.goto(`/console/events/${event.id}/registrations/${viaPage}`);
    const section = page.getByRole('region', { name: 'Identity document' });
    expect(await section.locator('.passport-number').textContent()).toBe(PAGE_NUMBER);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save details' }).count()).toBe(0);
    // A correction from the desk: a bad date first (the error beside it, the input kept), then saved.
    await section.getByLabel('Expiry date').fill('2019-02-01');
    await section.getByRole('button', { name: 'Save identity document' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#passportExpiry-error').textContent()).toContain('has passed');
    const problems = await inspectScreen(page, 'issue18-console-identity-error', 'Bilal Ahmed');
    await section.getByLabel('Expiry date').fill('2033-01-31');
    await Promise.all([page.waitForURL(/done=identity-saved/), section.getByRole('button', { name: 'Save identity document' }).click()]);
    expect(await page.getByText('Identity document saved (encrypted).').count()).toBe(1);
    expect(await section.getByText('31 January 2033').count()).toBe(1);
    problems.push(...(await inspectScreen(page, 'issue18-console-identity', 'Bilal Ahmed')));
    await context.close();
    expect(problems).toEqual([]);
  }, 180_000);

  it('no list, export, registration JSON or mail log holds the numbers or dates of birth', async () => {
    const responses = await Promise.all([
      organiser.api.get(`/events/${event.id}/registrations`),
      organiser.api.get(`/events/${event.id}/registrations.csv`),
      organiser.api.get(`/events/${event.id}/mail-log`),
      organiser.api.get(`/registrations/${viaApi}/mails`),
      organiser.api.get(`/registrations/${viaApi}/history`),
      app.api.get(`/registrations/manage/${pageToken}`),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(200);
      for (const secret of SECRETS) expect(response.text).not.toContain(secret);
    }
    const { cookie } = await httpSignIn(app.url, organiser.email);
    for (const path of ['', '/export.csv']) {
      const text = await (await fetch(`${app.url}/console/events/${event.id}/registrations${path}`, { headers: { cookie } })).text();
      expect(text).toContain('Khan');
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('with the wrong key the data does not decrypt and the error names the missing key id; a malformed key stops start-up', async () => {
    await restart({ DATA_ENCRYPTION_KEY: KEY_B });
    const idA = dataKeyId(Buffer.from(KEY_A, 'base64'));
    const wrong = await identityOf(organiser, viaApi);
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ code: 'ENCRYPTION_KEY_UNKNOWN', keyId: idA });
    expect(wrong.body.message).toContain(`key id ${idA}`);
    expect(wrong.text).not.toContain(API_NUMBER);
    expect(app.process.output.some((line) => line.includes(`encrypted under key id ${idA}`))).toBe(true);
    const masked = await app.api.get(`/registrations/manage/${pageToken}/identity`);
    expect(masked.body.code).toBe('ENCRYPTION_KEY_UNKNOWN');

    const bad = 'not-a-real-key-0123456789';
    let failure = '';
    await start({ DATA_ENCRYPTION_KEY: bad }).then(
      (started) => started.stop(),
      (error: Error) => (failure = error.message),
    );
    expect(failure).toMatch(/The server exited \(1\) before listening/);
    expect(failure).toContain('DATA_ENCRYPTION_KEY must be a 32-byte key as 64 hex digits or base64');
    expect(failure).not.toContain(bad);
  }, 180_000);

  it('rotation: key B with old key A reads; data:rekey moves everything to B; B alone then reads', async () => {
    await restart({ DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_OLD_KEYS: KEY_A });
    expect((await identityOf(desk, viaApi)).body.passportNumber).toBe(API_NUMBER);

    const cli = spawnNode(dist('src', 'cli', 'main.js'), ['data:rekey'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_ENCRYPTION_KEY: KEY_B,
        DATA_ENCRYPTION_OLD_KEYS: KEY_A,
      },
    });
    expect(await cli.exited).toBe(0);
    logs.push(...cli.output);
    expect(cli.output).toContain('Re-encrypted 0 of 2 identity records');
    expect(cli.output).toContain('Re-encrypted 2 of 2 identity records');
    expect(cli.output).toContain('Done: 2 identity records are now under the current key.');
    const ids = (await database.pool.query('SELECT DISTINCT key_id FROM registration_identity')).rows.map((row) => row.key_id);
    expect(ids).toEqual([dataKeyId(Buffer.from(KEY_B, 'hex'))]);

    await restart({ DATA_ENCRYPTION_KEY: KEY_B });
    expect((await identityOf(organiser, viaApi)).body).toMatchObject({ passportNumber: API_NUMBER, dateOfBirth: API_BIRTH });
    expect((await identityOf(desk, viaPage)).body).toMatchObject({ passportNumber: PAGE_NUMBER, dateOfBirth: PAGE_BIRTH });

    // Without the old key, the CLI says which key id it lacks (nothing is left under A now, so write one under A first).
    await restart({ DATA_ENCRYPTION_KEY: KEY_A });
    expectStatus(await organiser.api.put(`/registrations/${viaApi}/identity`, documentOf(API_NUMBER, API_BIRTH)), 200, 'a write under A');
    const stuck = spawnNode(dist('src', 'cli', 'main.js'), ['data:rekey'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_ENCRYPTION_KEY: KEY_B,
      },
    });
    expect(await stuck.exited).toBe(1);
    logs.push(...stuck.output);
    expect(stuck.output.join('\n')).toContain(
      `data:rekey stopped: This data is encrypted under key id ${dataKeyId(Buffer.from(KEY_A, 'base64'))}`,
    );
  }, 240_000);

  it('pg_dump of the database and every log line of the run hold neither the numbers nor the dates of birth', async () => {
    const { stdout } = await run('pg_dump', ['--data-only', '--inserts', database.url], { maxBuffer: 256 * 1024 * 1024 });
    expect(stdout).toContain('registration_identity');
    expect(stdout).toContain('Khan');
    for (const secret of SECRETS) expect(stdout).not.toContain(secret);
    const { stdout: full } = await run('pg_dump', [database.url], { maxBuffer: 256 * 1024 * 1024 });
    for (const secret of SECRETS) expect(full).not.toContain(secret);

    await app.stop();
    await new Promise((done) => setTimeout(done, 200));
    const lines = [...logs, ...app.process.output];
    expect(lines.filter((line) => line.includes('/identity')).length).toBeGreaterThan(5);
    for (const secret of [...SECRETS, 'AB1234567', '1970-01-01']) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    app = await start({ DATA_ENCRYPTION_KEY: KEY_A });
  }, 180_000);
});
