import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser, unique } from '../support/factories';
import { eventually } from '../support/mailings';
import { SmtpSink, startSmtpSink } from '../support/smtp';

const manageToken = (registrationId: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registrationId);
/** Dates ahead of any clock this suite runs on, so the event is open whatever rule closes past events. */
const FUTURE = { startDate: '2031-11-26', endDate: '2031-11-27', timezone: 'Asia/Karachi' };
const QUESTIONS = [
  { key: 'residence', label: 'Country of residence', type: 'country', required: true },
  { key: 'consent', label: 'I agree to be photographed', type: 'checkbox', required: true },
  { key: 'dietary', label: 'Dietary requirements', type: 'select', required: false, options: ['none', 'halal', 'vegetarian'] },
];

/** Issue 14, the delegate's side through the API: form answers, the manage link, the agenda's speakers. */
describe('Issue 14: a delegate through the API', () => {
  let sink: SmtpSink;
  const env: Record<string, string> = { REGISTRATION_RATE_LIMIT: '30', MAIL_POLL_INTERVAL_MS: '500' };
  beforeAll(async () => {
    sink = await startSmtpSink();
    env.SMTP_URL = sink.url;
  });
  afterAll(() => sink?.stop());
  const ctx = useApp(env);
  let organiser: TestUser;
  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
  });

  const eventWithQuestions = async (fields: Record<string, unknown> = {}) => {
    const event = await createPublishedEvent(organiser.api, { ...FUTURE, capacity: 50, ...fields });
    expectStatus(await organiser.api.put(`/events/${event.id}/registration-form`, { fields: QUESTIONS }), 200, 'saving the form');
    return event;
  };

  describe('#13 form questions', () => {
    it('a bad nationality, a missing country of residence and an unticked consent come back together in one 400', async () => {
      const event = await eventWithQuestions();
      const response = await ctx.app.api.post(
        `/events/${event.slug}/registrations`,
        registrant({ nationality: 'Pakistan', email: 'not-an-email' }),
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details).toEqual(
        expect.arrayContaining([
          { field: 'email', message: 'must be an email address' },
          { field: 'nationality', message: 'must be a two-letter country code (ISO 3166-1 alpha-2), e.g. PK' },
          { field: 'answers.residence', message: 'is required' },
          { field: 'answers.consent', message: 'must be ticked' },
        ]),
      );
      expect(response.body.details).toHaveLength(4);
    });

    it('a wrong answer next to a wrong detail: both named, and nothing is stored', async () => {
      const event = await eventWithQuestions();
      const person = registrant({ givenName: '', answers: { residence: 'Atlantis', consent: true, dietary: 'vegan' } });
      const response = await ctx.app.api.post(`/events/${event.id}/registrations`, person);
      expect(response.status).toBe(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
        'answers.dietary',
        'answers.residence',
        'givenName',
      ]);
      const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM registration WHERE event_id = $1', [event.id]);
      expect(rows[0].n).toBe(0);
    });

    it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
      'a form question keyed %s is refused when the form is saved, naming the field',
      async (key) => {
        const event = await createPublishedEvent(organiser.api, FUTURE);
        const fields = [...QUESTIONS.slice(0, 2), { key, label: 'Something', type: 'text', required: false }];
        const response = await organiser.api.put(`/events/${event.id}/registration-form`, { fields });
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([{ field: 'fields.2.key', message: expect.stringContaining(`must not be ${key}`) }]);
        // The form was not saved: registering needs no answer.
        expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registering');
      },
    );

    it('a form saved with such keys before the fix still takes registrations: answers are read as own properties', async () => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const legacy = [
        { key: 'toString', label: 'Preferred name on the badge', type: 'text', required: false },
        { key: 'constructor', label: 'Ministry', type: 'text', required: false },
        { key: 'hasOwnProperty', label: 'Needs a visa letter', type: 'checkbox', required: false },
      ];
      await ctx.db.query('INSERT INTO registration_form (event_id, fields) VALUES ($1, $2::jsonb)', [event.id, JSON.stringify(legacy)]);
      const plain = expectStatus(
        await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()),
        201,
        'registering without answers',
      );
      const answered = expectStatus(
        await ctx.app.api.post(
          `/events/${event.id}/registrations`,
          registrant({ answers: { toString: 'Dr Amina', constructor: 'Interior' } }),
        ),
        201,
        'registering with answers',
      );
      const { rows } = await ctx.db.query('SELECT id, answers FROM registration WHERE id = ANY($1) ORDER BY created_at', [
        [plain.id, answered.id],
      ]);
      expect(rows.map((row: { answers: unknown }) => row.answers)).toEqual<unknown[]>([
        {},
        { toString: 'Dr Amina', constructor: 'Interior' },
      ]);
    });

    it('an answer keyed constructor to an ordinary form is refused as an unknown question (400, not 500)', async () => {
      const event = await eventWithQuestions();
      const response = await ctx.app.api.post(
        `/events/${event.id}/registrations`,
        registrant({ answers: { residence: 'PK', consent: true, constructor: 'x', toString: 'y' } }),
      );
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'answers.constructor', message: 'is not a question of this form' },
        { field: 'answers.toString', message: 'is not a question of this form' },
      ]);
    });
  });

  describe('#14 correcting details through the manage link', () => {
    it('a registrant corrects their names, honorific, job title, organisation, nationality and answers', async () => {
      const event = await eventWithQuestions();
      const person = registrant({
        givenName: 'Amna',
        familyName: 'Rehman',
        nationality: 'IN',
        answers: { residence: 'PK', consent: true },
      });
      const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');
      const token = manageToken(id);
      const corrected = await ctx.app.api.patch(`/registrations/manage/${token}`, {
        honorific: 'Dr',
        givenName: ' Amina ',
        familyName: 'Rahman',
        jobTitle: 'Director, Border Management',
        organisation: 'Federal Investigation Agency',
        nationality: 'pk',
        answers: { residence: 'AE', consent: true, dietary: 'halal' },
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({
        honorific: 'Dr',
        givenName: 'Amina',
        familyName: 'Rahman',
        jobTitle: 'Director, Border Management',
        organisation: 'Federal Investigation Agency',
        nationality: 'PK',
        email: person.email,
        answers: { residence: 'AE', consent: true, dietary: 'halal' },
      });
      const view = expectStatus(await ctx.app.api.get(`/registrations/manage/${token}`), 200, 'the manage view');
      expect(view.registration).toMatchObject({
        givenName: 'Amina',
        familyName: 'Rahman',
        nationality: 'PK',
        answers: { residence: 'AE', dietary: 'halal' },
      });

      // Clearing optional details; unchanged fields stay.
      const cleared = expectStatus(
        await ctx.app.api.patch(`/registrations/manage/${token}`, { nationality: null, jobTitle: '' }),
        200,
        'clearing',
      );
      expect(cleared).toMatchObject({
        nationality: null,
        jobTitle: null,
        givenName: 'Amina',
        organisation: 'Federal Investigation Agency',
      });
    });

    it.each([
      ['email', { email: 'someone.else@example.org' }],
      ['category', { category: 'speaker' }],
      ['delegationId', { delegationId: '00000000-0000-4000-8000-000000000000' }],
      ['delegationCode', { delegationCode: 'PK-1234' }],
      ['status', { status: 'confirmed' }],
    ])('cannot change their %s', async (field, body) => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const person = registrant();
      const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');
      const response = await ctx.app.api.patch(`/registrations/manage/${manageToken(id)}`, body);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message: 'should not exist' }]);
      const { rows } = await ctx.db.query('SELECT email, category, status FROM registration WHERE id = $1', [id]);
      expect(rows[0]).toEqual({ email: person.email, category: 'delegate', status: 'confirmed' });
    });

    it('every wrong field of a correction is named at once, and nothing changes', async () => {
      const event = await eventWithQuestions();
      const { id } = expectStatus(
        await ctx.app.api.post(`/events/${event.id}/registrations`, registrant({ answers: { residence: 'PK', consent: true } })),
        201,
        'registering',
      );
      const response = await ctx.app.api.patch(`/registrations/manage/${manageToken(id)}`, {
        familyName: '',
        nationality: 'Pakistan',
        answers: { residence: 'Narnia' },
      });
      expect(response.status).toBe(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
        'answers.consent',
        'answers.residence',
        'familyName',
        'nationality',
      ]);
      const { rows } = await ctx.db.query('SELECT family_name, nationality, answers FROM registration WHERE id = $1', [id]);
      expect(rows[0]).toMatchObject({ nationality: 'PK', answers: { residence: 'PK', consent: true } });
    });

    it('a cancelled registration cannot be corrected (409), and an unknown token is 404', async () => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registering');
      expectStatus(await ctx.app.api.post(`/registrations/manage/${manageToken(id)}/cancel`), 200, 'cancelling');
      const response = await ctx.app.api.patch(`/registrations/manage/${manageToken(id)}`, { givenName: 'Late' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('NOT_ACTIVE');
      expect((await ctx.app.api.patch(`/registrations/manage/${'x'.repeat(43)}`, { givenName: 'Nobody' })).status).toBe(404);
    });

    it('the OpenAPI document describes the correction body and the lost-link request', async () => {
      const document: any = await (await fetch(`${ctx.app.url}/api/docs-json`)).json();
      const patch = document.paths['/api/v1/registrations/manage/{token}'].patch;
      expect(patch.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/UpdateRegistrationDto');
      expect(Object.keys(document.components.schemas.UpdateRegistrationDto.properties).sort()).toEqual([
        'answers',
        'familyName',
        'givenName',
        'honorific',
        'jobTitle',
        'nationality',
        'organisation',
      ]);
      const register = document.paths['/api/v1/events/{id}/registrations'].post;
      expect(register.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateRegistrationDto');
      const lostLink = document.paths['/api/v1/events/{id}/registrations/manage-link'].post;
      expect(lostLink.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ManageLinkRequestDto');
      expect(Object.keys(lostLink.responses)).toContain('202');
    });
  });

  describe('#15 a lost manage link, mailed again', () => {
    it('answers the same whether or not the address is registered, and mails the link only to a registrant', async () => {
      const event = await createPublishedEvent(organiser.api, { ...FUTURE, title: 'Regional Workshop on Border Management' });
      const person = registrant();
      const { id } = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');
      const stranger = `${unique('stranger')}@example.org`;

      const known = await ctx.app.api.post(`/events/${event.slug}/registrations/manage-link`, {
        email: ` ${String(person.email).toUpperCase()} `,
      });
      const unknown = await ctx.app.api.post(`/events/${event.slug}/registrations/manage-link`, { email: stranger });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(known.body.message).toMatch(/If this address is registered/);

      const mail = await eventually(
        async () =>
          (await sink.messages()).find(
            (message) => message.envelopeTo.includes(String(person.email)) && message.subject?.startsWith('Your registration link'),
          ),
        30_000,
        'the manage-link mail',
      );
      expect(mail.subject).toBe('Your registration link: Regional Workshop on Border Management');
      const link = /https?:\/\/\S+\/registrations\/manage\/([\w-]+)/.exec(mail.text!)!;
      expect(link[1]).toBe(manageToken(id));
      expect(mail.html).toContain(`/registrations/manage/${manageToken(id)}`);
      expectStatus(await ctx.app.api.get(`/registrations/manage/${link[1]}`), 200, 'the link works');

      // Nothing for the stranger, and the delivery log holds no link.
      const { rows } = await ctx.db.query(
        `SELECT to_email, data::text AS data FROM mail_message WHERE event_id = $1 AND template = 'manage_link'`,
        [event.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].to_email).toBe(person.email);
      expect(rows[0].data).not.toContain(manageToken(id));
    });

    it('asking again at once sends no second mail; a cancelled registration gets none', async () => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const person = registrant();
      const gone = registrant();
      expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, person), 201, 'registering');
      const cancelled = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, gone), 201, 'registering the other');
      expectStatus(await ctx.app.api.post(`/registrations/manage/${manageToken(cancelled.id)}/cancel`), 200, 'cancelling');
      const answers = await Promise.all(
        [person, person, person, gone].map((who) =>
          ctx.app.api.post(`/events/${event.id}/registrations/manage-link`, { email: who.email }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
      const { rows } = await ctx.db.query(`SELECT to_email FROM mail_message WHERE event_id = $1 AND template = 'manage_link'`, [event.id]);
      expect(rows).toEqual([{ to_email: person.email }]);
    });

    it('refuses a bad address (400 naming the field), an unknown event (404), and too many requests from one address (429)', async () => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const bad = await ctx.app.api.post(`/events/${event.id}/registrations/manage-link`, { email: 'nobody' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'email', message: 'must be an email address' }]);
      expect((await ctx.app.api.post(`/events/no-such-event/registrations/manage-link`, { email: 'a@example.org' })).status).toBe(404);
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push(
          (await ctx.app.api.post(`/events/${event.id}/registrations/manage-link`, { email: `${unique('x')}@example.org` })).status,
        );
      // The limit (30 a minute, this file's setting) counts this route's earlier requests too: some pass, then all are refused.
      const firstRefused = statuses.indexOf(429);
      expect(firstRefused).toBeGreaterThan(0);
      expect(statuses.slice(0, firstRefused).every((status) => status === 202)).toBe(true);
      expect(statuses.slice(firstRefused).every((status) => status === 429)).toBe(true);
    });
  });

  describe("#14 the speaker's organisation in the agenda", () => {
    it('the HTML agenda and the .ics give the organisation, as the JSON does', async () => {
      const event = await createPublishedEvent(organiser.api, FUTURE);
      const session = expectStatus(
        await organiser.api.post(`/events/${event.id}/sessions`, {
          title: 'Opening session',
          kind: 'opening',
          startsAt: '2031-11-26T09:30:00+05:00',
          endsAt: '2031-11-26T10:30:00+05:00',
        }),
        201,
        'session',
      );
      const speaker = expectStatus(
        await organiser.api.post(`/events/${event.id}/speakers`, {
          honorific: 'Ms',
          fullName: 'Mio Sato',
          position: 'Head of Office',
          organisation: 'IOM Pakistan',
          precedence: 1,
        }),
        201,
        'speaker',
      );
      expectStatus(
        await organiser.api.put(`/sessions/${session.id}/speakers`, { speakers: [{ speakerId: speaker.id, role: 'keynote' }] }),
        200,
        'booking',
      );

      const json = expectStatus(await ctx.app.api.get(`/events/${event.slug}/agenda`), 200, 'agenda');
      expect(json.days[0].sessions[0].speakers[0].organisation).toBe('IOM Pakistan');
      const ics = await (await fetch(`${ctx.app.url}/api/v1/events/${event.slug}/agenda.ics`)).text();
      expect(ics.replace(/\r\n[ \t]/g, '')).toContain('DESCRIPTION:Ms Mio Sato\\, Head of Office\\, IOM Pakistan (keynote)');
      const html = await (await fetch(`${ctx.app.url}/events/${event.slug}/agenda`)).text();
      expect(html).toContain('<span class="organisation" dir="auto">IOM Pakistan</span>');
    });
  });
});
