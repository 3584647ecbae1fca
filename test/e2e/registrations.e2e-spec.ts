import { useApp } from '../support/context';
import { createEvent, createPublishedEvent, createUser, registrant, TestUser } from '../support/factories';
import { outputPath } from '../support/paths';
import { pdfQrCode, pdfText, pdfToPng } from '../support/pdf';

describe('Registrations: rules, form, badges, check-in, export', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const download = async (path: string, token: string): Promise<{ status: number; type: string | null; body: Buffer }> => {
    const response = await fetch(`${ctx.app.api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };

  it('registration is refused while the event is a draft (404), closed, or outside its window', async () => {
    const draft = await createEvent(organiser.api);
    expect((await ctx.app.api.post(`/events/${draft.slug}/registrations`, registrant())).status).toBe(404);

    const later = await createPublishedEvent(organiser.api, { registrationOpensAt: new Date(Date.now() + 86_400_000).toISOString() });
    const notYet = await ctx.app.api.post(`/events/${later.id}/registrations`, registrant());
    expect(notYet.status).toBe(409);
    expect(notYet.body.code).toBe('REGISTRATION_NOT_OPEN');

    const closedWindow = await createPublishedEvent(organiser.api, {
      registrationOpensAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      registrationClosesAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const late = await ctx.app.api.post(`/events/${closedWindow.id}/registrations`, registrant());
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REGISTRATION_CLOSED');

    const invited = await createPublishedEvent(organiser.api, { inviteOnly: true });
    expect((await ctx.app.api.post(`/events/${invited.id}/registrations`, registrant())).status).toBe(403);
  });

  it('names each bad field, including answers to the event form', async () => {
    const event = await createPublishedEvent(organiser.api);
    const form = await organiser.api.put(`/events/${event.id}/registration-form`, {
      fields: [
        { key: 'dietary', label: 'Dietary requirements', type: 'select', required: true, options: ['none', 'halal', 'vegetarian'] },
        { key: 'arrival', label: 'Arrival date', type: 'date', required: false },
      ],
    });
    expect(form.status).toBe(200);

    const bad = await ctx.app.api.post(`/events/${event.id}/registrations`, {
      email: 'not-an-email',
      givenName: '',
      familyName: 'x'.repeat(500),
      nationality: 'XX',
      category: 'vip',
      surprise: 1,
    });
    expect(bad.status).toBe(400);
    // The form's required question is named in the same answer (issue 14, #13).
    expect(new Set(bad.body.details.map((detail: any) => detail.field))).toEqual(
      new Set(['email', 'givenName', 'familyName', 'nationality', 'category', 'surprise', 'answers.dietary']),
    );

    const answers = await ctx.app.api.post(
      `/events/${event.id}/registrations`,
      registrant({ answers: { dietary: 'vegan', arrival: '2025-13-01' } }),
    );
    expect(answers.status).toBe(400);
    expect(answers.body.details).toEqual([
      { field: 'answers.dietary', message: 'must be one of: none, halal, vegetarian' },
      { field: 'answers.arrival', message: 'must be a date as YYYY-MM-DD' },
    ]);
    const good = await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ answers: { dietary: 'halal' } }));
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ id: expect.any(String), status: 'confirmed' });

    const badForm = await organiser.api.put(`/events/${event.id}/registration-form`, {
      fields: [{ key: 'x', label: 'X', type: 'select', required: true }],
    });
    expect(badForm.status).toBe(400);
    expect(badForm.body.details[0].field).toBe('fields.0.options');
  });

  it('an event changed after someone registered is judged as it is now: form, window, status, capacity, slug', async () => {
    // Each first registration lets the instance remember the event; each change must still be seen at once.
    const event = await createPublishedEvent(organiser.api, { capacity: 10 });
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant())).status).toBe(201);
    expect((await ctx.app.api.post(`/events/${event.id}/registrations`, registrant())).status).toBe(201);

    const form = await organiser.api.put(`/events/${event.id}/registration-form`, {
      fields: [{ key: 'consent', label: 'Consent', type: 'checkbox', required: true }],
    });
    expect(form.status).toBe(200);
    const withoutConsent = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant());
    expect(withoutConsent.status).toBe(400);
    expect(withoutConsent.body.details).toEqual([{ field: 'answers.consent', message: expect.any(String) }]);
    expect((await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ answers: { consent: true } }))).status).toBe(201);

    expect((await organiser.api.patch(`/events/${event.id}`, { capacity: 3 })).status).toBe(200);
    const full = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ answers: { consent: true } }));
    expect(full.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    expect(
      (await organiser.api.patch(`/events/${event.id}`, { registrationClosesAt: new Date(Date.now() - 60_000).toISOString() })).status,
    ).toBe(200);
    const late = await ctx.app.api.post(`/events/${event.slug}/registrations`, registrant({ answers: { consent: true } }));
    expect([late.status, late.body.code]).toEqual([409, 'REGISTRATION_CLOSED']);

    const open = await createPublishedEvent(organiser.api);
    expect((await ctx.app.api.post(`/events/${open.slug}/registrations`, registrant())).status).toBe(201);
    expect((await organiser.api.patch(`/events/${open.id}`, { slug: `${open.slug}-renamed` })).status).toBe(200);
    expect((await ctx.app.api.post(`/events/${open.slug}/registrations`, registrant())).status).toBe(404);
    expect((await ctx.app.api.post(`/events/${open.slug}-renamed/registrations`, registrant())).status).toBe(201);
    expect((await organiser.api.post(`/events/${open.id}/close`)).status).toBe(200);
    const closed = await ctx.app.api.post(`/events/${open.slug}-renamed/registrations`, registrant());
    expect([closed.status, closed.body.code]).toEqual([409, 'REGISTRATION_CLOSED']);
  });

  it("a confirmed delegate's badge shows their name in any script and a QR code that checks them in once", async () => {
    const event = await createPublishedEvent(organiser.api, {
      title: 'International Conference on Countering the Smuggling of Migrants',
      city: 'Islamabad',
    });
    const delegation = await organiser.api.post(`/events/${event.id}/delegations`, {
      name: 'Islamic Republic of Pakistan',
      kind: 'country',
      countryCode: 'PK',
      quota: 10,
    });
    const registration = await ctx.app.api.post(
      `/events/${event.id}/registrations`,
      registrant({
        honorific: 'Dr',
        givenName: 'محمد',
        familyName: 'Ali Khan',
        organisation: 'Ministry of Interior',
        delegationCode: delegation.body.code,
      }),
    );
    expect(registration.status).toBe(201);

    const badge = await download(`/registrations/${registration.body.id}/badge.pdf`, organiser.token);
    expect(badge.status).toBe(200);
    expect(badge.type).toBe('application/pdf');
    const text = pdfText(badge.body);
    expect(text).toContain('Ali Khan');
    expect(text).toContain('Islamic Republic of Pakistan');
    expect(text).toContain('DELEGATE');
    expect(text).toContain('26–27 November 2025');
    pdfToPng(badge.body, outputPath('badges', 'arabic-name.png'));
    const badgeCode = pdfQrCode(badge.body);
    expect(badgeCode).toMatch(/^[A-Z0-9]{16}$/);

    const checkin = await createUser(ctx.app.api, 'member');
    await organiser.api.put(`/events/${event.id}/roles`, { email: checkin.email, role: 'checkin' });
    const first = await checkin.api.post(`/events/${event.id}/check-ins`, { badgeCode });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ id: registration.body.id, checkedInAt: expect.any(String) }));
    const second = await checkin.api.post(`/events/${event.id}/check-ins`, { badgeCode });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ALREADY_CHECKED_IN');
    expect((await checkin.api.post(`/events/${event.id}/check-ins`, { badgeCode: 'ZZZZZZZZZZZZZZZZ' })).status).toBe(404);
    expect((await checkin.api.get(`/events/${event.id}/attendance`)).body).toEqual({
      confirmed: 1,
      checkedIn: 1,
      pending: 0,
      waitlisted: 0,
    });
  });

  it('lists with filters and pages, and exports CSV with formulas neutralised', async () => {
    const event = await createPublishedEvent(organiser.api);
    await ctx.app.api.post(
      `/events/${event.id}/registrations`,
      registrant({ givenName: '=HYPERLINK("http://evil.example","click")', organisation: '@SUM(A1:A9)' }),
    );
    await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ organisation: 'UNODC' }));
    await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ organisation: 'IOM' }));

    const page = await organiser.api.get(`/events/${event.id}/registrations?q=unodc&page=1&pageSize=2`);
    expect(page.body).toEqual(expect.objectContaining({ total: 1, page: 1, pageSize: 2 }));
    expect(page.body.items[0].organisation).toBe('UNODC');
    expect((await organiser.api.get(`/events/${event.id}/registrations?pageSize=2`)).body.items).toHaveLength(2);
    expect((await organiser.api.get(`/events/${event.id}/registrations?status=bogus`)).status).toBe(400);

    const csv = await download(`/events/${event.id}/registrations.csv`, organiser.token);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.body.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^id,status,waitlist_position,honorific,given_name,family_name,email/);
    expect(csv.body.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.body.toString('utf8')).toContain("'@SUM(A1:A9)");
    expect(csv.body.toString('utf8')).not.toMatch(/,=|,@/);
  });
});
