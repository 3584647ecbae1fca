import { httpSignIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { pdfOfSize, upload } from '../support/files';
import { eventually } from '../support/mailings';
import { useSmtpSink } from '../support/smtp';

/** A browser without one: the CSRF cookie and token a portal page gives, and the portal cookie once signed in. */
interface Visitor {
  csrfCookie: string;
  csrf: string;
  portal?: string;
}

const cookieOf = (visitor: Visitor) =>
  [`plenary_csrf=${visitor.csrfCookie}`, ...(visitor.portal ? [`plenary_portal=${visitor.portal}`] : [])].join('; ');

/**
 * Issue 18: the portal's sign-in and scope over plain HTTP (one-time links under concurrency, another
 * delegation, the console and the API out of reach, CSRF on every POST), and the accreditation API
 * (submit, accredit and return a member or a delegation, a reason required, badges only once accredited).
 */
describe('The portal and the accreditation API', () => {
  const env: Record<string, string> = {
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    PUBLIC_URL: 'http://plenary.example.org',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;
  let outsider: TestUser;
  let event: { id: string; slug: string };
  let kenya: { id: string };
  let ghana: { id: string };
  const heads = { kenya: 'focal@mfa.go.ke', ghana: 'focal@mfa.gov.gh' };

  const url = (path: string) => `${ctx.app.url}${path}`;
  const visit = async (path: string): Promise<Visitor & { status: number; html: string }> => {
    const response = await fetch(url(path));
    const html = await response.text();
    const csrfCookie = /plenary_csrf=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { status: response.status, html, csrfCookie, csrf };
  };
  const post = (visitor: Visitor, path: string, fields: Record<string, string> = {}, withCsrf = true) =>
    fetch(url(path), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(visitor) },
      body: new URLSearchParams({ ...(withCsrf ? { _csrf: visitor.csrf } : {}), ...fields }).toString(),
    });
  const get = (visitor: Visitor, path: string) => fetch(url(path), { redirect: 'manual', headers: { cookie: cookieOf(visitor) } });
  const mailsTo = async (email: string) => (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const signInLinks = async (email: string) =>
    (await mailsTo(email))
      .filter((message) => /^Your sign-in link/.test(message.subject ?? ''))
      .map((message) => new URL(/http:\/\/plenary\.example\.org\/portal\/sign-in\/[A-Za-z0-9_-]{43}/.exec(message.text!)![0]).pathname);

  /** Asks for a link as the focal point, and waits for the `count`th sign-in mail. */
  const mailedLink = async (delegationId: string, email: string, count: number): Promise<{ visitor: Visitor; link: string }> => {
    // A minute passes since the last link (a second link within one is not mailed: tested below).
    await ctx.db.query(`UPDATE portal_link SET created_at = created_at - interval '2 minutes' WHERE delegation_id = $1`, [delegationId]);
    const visitor = await visit(`/portal/delegations/${delegationId}`);
    expect((await post(visitor, `/portal/delegations/${delegationId}/sign-in`, { email })).status).toBe(303);
    const links = await eventually(
      async () => {
        const found = await signInLinks(email);
        return found.length >= count ? found : null;
      },
      60_000,
      `sign-in mail ${count} to ${email}`,
    );
    return { visitor, link: links[count - 1] };
  };
  const signedInAs = async (delegationId: string, email: string, count: number): Promise<Visitor> => {
    const { visitor, link } = await mailedLink(delegationId, email, count);
    const response = await post(visitor, link);
    expect(response.status).toBe(303);
    const portal = /plenary_portal=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')![1];
    return { ...visitor, portal };
  };

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    outsider = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api);
    kenya = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Kenya',
        kind: 'country',
        countryCode: 'KE',
        quota: 2,
        head: { email: heads.kenya, givenName: 'Wanjiru', familyName: 'Mwangi' },
      }),
      201,
      'Kenya',
    );
    ghana = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Ghana',
        kind: 'country',
        countryCode: 'GH',
        quota: 2,
        head: { email: heads.ghana, givenName: 'Kofi', familyName: 'Mensah' },
      }),
      201,
      'Ghana',
    );
  }, 60_000);

  it('uses a sign-in link once: of two parallel uses one signs in, the other and any later use are refused', async () => {
    const { visitor, link } = await mailedLink(kenya.id, heads.kenya, 1);
    const answers = await Promise.all([post(visitor, link), post(visitor, link)]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([303, 410]);
    expect(answers.filter((answer) => /plenary_portal=[A-Za-z0-9_-]{43}/.test(answer.headers.get('set-cookie') ?? ''))).toHaveLength(1);
    expect((await post(visitor, link)).status).toBe(410);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM portal_session WHERE delegation_id = $1`, [kenya.id]);
    expect(rows[0].n).toBe(1);
    // The token is only in the mail: the database holds its hash, the mail log neither.
    const token = link.split('/').pop()!;
    const stored = await ctx.db.query(
      `SELECT count(*)::int AS n FROM portal_link WHERE token_hash = $1 OR token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    expect(stored.rows[0].n).toBe(1);
    expect(JSON.stringify((await ctx.db.query(`SELECT data FROM mail_message WHERE template = 'portal_sign_in'`)).rows)).not.toContain(
      token,
    );
    const log = expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?pageSize=100`), 200, 'mail log');
    expect(JSON.stringify(log)).not.toContain(token);
  }, 90_000);

  it('answers the same to an address that is not the focal point’s and mails it nothing; a second request within a minute mails nothing more', async () => {
    const visitor = await visit(`/portal/delegations/${ghana.id}`);
    const wrong = await post(visitor, `/portal/delegations/${ghana.id}/sign-in`, { email: 'intruder@example.org' });
    const unknown = await post(visitor, `/portal/delegations/00000000-0000-4000-8000-000000000009/sign-in`, { email: heads.ghana });
    expect([wrong.status, unknown.status]).toEqual([303, 303]);
    expect((await visit(`/portal/delegations/00000000-0000-4000-8000-000000000009?sent=1`)).html).toContain(
      'If this address is the focal point’s',
    );
    await mailedLink(ghana.id, heads.ghana, 1);
    expect((await post(visitor, `/portal/delegations/${ghana.id}/sign-in`, { email: heads.ghana })).status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await signInLinks(heads.ghana)).toHaveLength(1);
    expect(await mailsTo('intruder@example.org')).toEqual([]);
    const bad = await post(visitor, `/portal/delegations/${ghana.id}/sign-in`, { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('must be an email address');
  }, 90_000);

  it('limits a session to its delegation: another delegation is 404, the console and the API are out of reach', async () => {
    const focal = await signedInAs(kenya.id, heads.kenya, 2);
    expect((await get(focal, `/portal/delegations/${kenya.id}`)).status).toBe(200);
    const other = await get(focal, `/portal/delegations/${ghana.id}`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Ghana');
    const nominate = await post(focal, `/portal/delegations/${ghana.id}/members`, {
      givenName: 'A',
      familyName: 'B',
      email: 'a.b@example.org',
      category: 'delegate',
    });
    expect(nominate.status).toBe(404);
    expect((await get(focal, `/portal/delegations/${ghana.id}/members/00000000-0000-4000-8000-000000000001/replace`)).status).toBe(404);
    const console = await fetch(url('/console'), { redirect: 'manual', headers: { cookie: cookieOf(focal) } });
    expect(console.status).toBe(303);
    expect(console.headers.get('location')).toBe('/console/login');
    expect((await fetch(url(`/api/v1/delegations/${kenya.id}/members`), { headers: { cookie: cookieOf(focal) } })).status).toBe(401);
    // Sign-out ends the session.
    const out = { ...focal };
    expect((await post(out, '/portal/sign-out')).status).toBe(303);
    expect(await (await get(out, `/portal/delegations/${kenya.id}`)).text()).toContain('Mail me a sign-in link');
  }, 90_000);

  it('refuses every portal POST without the form’s CSRF token', async () => {
    const focal = await signedInAs(kenya.id, heads.kenya, 3);
    const paths = [
      `/portal/delegations/${kenya.id}/sign-in`,
      `/portal/sign-in/${'a'.repeat(43)}`,
      '/portal/sign-out',
      `/portal/delegations/${kenya.id}/members`,
      `/portal/delegations/${kenya.id}/members/00000000-0000-4000-8000-000000000001/replace`,
      `/portal/delegations/${kenya.id}/members/00000000-0000-4000-8000-000000000001/withdraw`,
      `/portal/delegations/${kenya.id}/submit`,
      `/portal/delegations/${kenya.id}/credentials-letter`,
    ];
    const statuses = await Promise.all(paths.map(async (path) => [path, (await post(focal, path, { email: heads.kenya }, false)).status]));
    expect(statuses.filter(([, status]) => status !== 403)).toEqual([]);
    // Every portal POST the server mapped is among them (a new one must be added here).
    const mapped = [...new Set(ctx.app.process.output.flatMap((line) => /Mapped \{(\/portal[^,]*), POST\} route/.exec(line)?.[1] ?? []))];
    const covered = (route: string) => paths.some((path) => new RegExp(`^${route.replace(/:\w+/g, '[^/]+')}$`).test(path));
    expect(mapped.length).toBeGreaterThanOrEqual(7);
    expect(mapped.filter((route) => !covered(route))).toEqual([]);
    // Anonymous (no portal session), with a CSRF token: nothing is changed; the pages ask to sign in.
    const anonymous = await visit(`/portal/delegations/${kenya.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.html).not.toContain('Kenya');
    expect((await post(anonymous, `/portal/delegations/${kenya.id}/submit`)).status).toBe(401);
    expect((await post(anonymous, `/portal/delegations/${kenya.id}/members`, { givenName: 'A' })).status).toBe(401);
  }, 90_000);

  it('nominates through the portal within the quota, then submits, accredits and returns through the API; only accredited members get a badge', async () => {
    const focal = await signedInAs(kenya.id, heads.kenya, 4);
    for (const person of [registrant({ givenName: 'Achieng' }), registrant({ givenName: 'Otieno' })]) {
      const response = await post(focal, `/portal/delegations/${kenya.id}/members`, {
        givenName: person.givenName as string,
        familyName: person.familyName as string,
        email: person.email as string,
        category: 'delegate',
      });
      expect(response.status).toBe(303);
    }
    const full = await post(focal, `/portal/delegations/${kenya.id}/members`, {
      givenName: 'Third',
      familyName: 'One',
      email: 'third@example.org',
      category: 'delegate',
    });
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('The delegation Kenya has filled its quota of 2');
    const badField = await post(focal, `/portal/delegations/${kenya.id}/members`, {
      givenName: '',
      familyName: 'One',
      email: 'x',
      category: 'delegate',
    });
    expect(badField.status).toBe(400);
    expect(await badField.text()).toContain('id="email-error"');

    const members = expectStatus<{ id: string }[]>(await organiser.api.get(`/delegations/${kenya.id}/members`), 200, 'members');
    expect(members).toHaveLength(2);
    const [first, second] = members;
    expect((await organiser.api.get(`/registrations/${first.id}/badge.pdf`)).body?.code).toBe('NOT_ACCREDITED');
    expect((await organiser.api.post(`/delegations/${kenya.id}/accredit`)).body.code).toBe('NOTHING_WAITING');
    // Another organiser sees the published event but holds no role at it: 403.
    expect((await outsider.api.post(`/delegations/${kenya.id}/submit`)).status).toBe(403);

    const submitted = expectStatus(await organiser.api.post(`/delegations/${kenya.id}/submit`), 200, 'submit');
    expect(submitted).toMatchObject({ delegationId: kenya.id, status: 'nominated' });
    expect(submitted.members.map((member: any) => member.accreditationStatus)).toEqual(['submitted', 'submitted']);
    expect((await organiser.api.post(`/delegations/${kenya.id}/submit`)).body.code).toBe('NOTHING_TO_SUBMIT');

    const noReason = await organiser.api.post(`/registrations/${first.id}/return`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.details)).toContain('reason');
    expect((await outsider.api.post(`/registrations/${first.id}/accredit`)).status).toBe(403);
    const returned = expectStatus(
      await organiser.api.post(`/registrations/${first.id}/return`, { reason: 'No credentials letter yet' }),
      200,
      'return',
    );
    expect(returned).toMatchObject({ accreditationStatus: 'returned', accreditationNote: 'No credentials letter yet' });
    const accredited = expectStatus(await organiser.api.post(`/registrations/${second.id}/accredit`), 200, 'accredit');
    expect(accredited.accreditationStatus).toBe('accredited');
    expect((await organiser.api.get(`/registrations/${second.id}/badge.pdf`)).status).toBe(200);
    expect((await organiser.api.get(`/registrations/${first.id}/badge.pdf`)).status).toBe(409);
    const delegations = expectStatus<{ id: string; status: string }[]>(
      await organiser.api.get(`/events/${event.id}/delegations`),
      200,
      'delegations',
    );
    expect(delegations.find((delegation) => delegation.id === kenya.id)!.status).toBe('accredited');

    // Resubmitted after the return, then returned as a delegation: the reason reaches the focal point.
    expectStatus(await organiser.api.post(`/delegations/${kenya.id}/submit`), 200, 'resubmit');
    const back = expectStatus(
      await organiser.api.post(`/delegations/${kenya.id}/return`, { reason: 'Please send the note verbale' }),
      200,
      'return all',
    );
    expect(back.members).toHaveLength(1);
    expect(back.status).toBe('accredited');
    const mail = await eventually(
      async () => (await mailsTo(heads.kenya)).find((message) => /Please send the note verbale/.test(message.text ?? '')),
      60_000,
      'the return mail',
    );
    expect(mail.subject).toMatch(/^Returned by the secretariat/);
    // A replacement refused (a bad email) leaves the old member in place: one transaction.
    const refused = await post(focal, `/portal/delegations/${kenya.id}/members/${second.id}/replace`, {
      givenName: 'New',
      familyName: 'Person',
      email: 'not-an-email',
      category: 'delegate',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="email-error"');
    const after = expectStatus<{ id: string; status: string }[]>(
      await organiser.api.get(`/delegations/${kenya.id}/members`),
      200,
      'members',
    );
    expect(after.find((member) => member.id === second.id)!.status).toBe('confirmed');
    // Withdrawing a member frees the place.
    expect((await post(focal, `/portal/delegations/${kenya.id}/members/${first.id}/withdraw`)).status).toBe(303);
    expect(await (await get(focal, `/portal/delegations/${kenya.id}`)).text()).toContain('1 of 2');
  }, 120_000);

  it('opens the console review to the event’s organisers only', async () => {
    const own = await httpSignIn(ctx.app.url, organiser.email);
    const other = await httpSignIn(ctx.app.url, outsider.email);
    const page = await fetch(url(`/console/events/${event.id}/accreditation`), { headers: { cookie: own.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Kenya');
    expect(
      (await fetch(url(`/console/events/${event.id}/accreditation`), { redirect: 'manual', headers: { cookie: other.cookie } })).status,
    ).toBe(404);
  }, 60_000);
  it('shows each delegation’s own credentials letter on the review, and the focal point’s upload on the portal', async () => {
    /** A new delegation whose focal point signs in and nominates one member, so that it is under review. */
    const withNominee = async (name: string, countryCode: string, head: string) => {
      const delegation = expectStatus<{ id: string }>(
        await organiser.api.post(`/events/${event.id}/delegations`, {
          name,
          kind: 'country',
          countryCode,
          quota: 1,
          head: { email: head, givenName: 'Awa', familyName: 'Diop' },
        }),
        201,
        name,
      );
      const focal = await signedInAs(delegation.id, head, 1);
      const nominee = registrant();
      const nominated = await post(focal, `/portal/delegations/${delegation.id}/members`, {
        givenName: nominee.givenName as string,
        familyName: nominee.familyName as string,
        email: nominee.email as string,
        category: 'delegate',
      });
      expect(nominated.status).toBe(303);
      return { id: delegation.id, focal };
    };
    const mali = await withNominee('Mali', 'ML', 'focal@diplomatie.gouv.ml');
    const senegal = await withNominee('Senegal', 'SN', 'focal@diplomatie.gouv.sn');
    const maliLetter = pdfOfSize(40_000);
    const put = await upload(url(`/api/v1/delegations/${mali.id}/credentials-letter`), organiser.token, 'PUT', 'file', {
      data: maliLetter,
      filename: 'Mali note verbale.pdf',
      type: 'application/pdf',
    });
    expect(put.status).toBe(200);
    const own = await httpSignIn(ctx.app.url, organiser.email);
    /** The review's section of one delegation, from its heading to the next delegation's. */
    const reviewOf = async (name: string) => {
      const html = await (await fetch(url(`/console/events/${event.id}/accreditation`), { headers: { cookie: own.cookie } })).text();
      const section = html.split('<section class="panel"').find((part) => part.includes(`dir="auto">${name}</h2>`));
      if (!section) throw new Error(`no section for ${name} on the review`);
      return section;
    };
    const kb = (pdf: Buffer) => `${Math.round(pdf.length / 1024)} kB`;
    expect(await reviewOf('Mali')).toContain(`>Mali note verbale.pdf</a> (${kb(maliLetter)})`);
    expect(await reviewOf('Senegal')).toContain('No credentials letter uploaded yet.');

    // Senegal's focal point uploads its letter through the portal's form (multipart, with the form's CSRF token).
    const senegalLetter = pdfOfSize(120_000);
    const form = new FormData();
    form.append('_csrf', senegal.focal.csrf);
    form.append('file', new Blob([new Uint8Array(senegalLetter)], { type: 'application/pdf' }), 'Lettre de créance.pdf');
    const uploaded = await fetch(url(`/portal/delegations/${senegal.id}/credentials-letter`), {
      method: 'POST',
      redirect: 'manual',
      body: form,
      headers: { cookie: cookieOf(senegal.focal) },
    });
    expect(uploaded.status).toBe(303);
    expect(await (await get(senegal.focal, `/portal/delegations/${senegal.id}`)).text()).toContain(
      `>Lettre de créance.pdf</a> (${kb(senegalLetter)}). Upload another to replace it.`,
    );
    expect(await reviewOf('Senegal')).toContain(`>Lettre de créance.pdf</a> (${kb(senegalLetter)})`);
    expect(await reviewOf('Mali')).toContain(`>Mali note verbale.pdf</a> (${kb(maliLetter)})`);
  }, 120_000);
});
