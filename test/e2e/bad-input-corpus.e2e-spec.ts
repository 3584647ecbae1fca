import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { BAD_PATH_VALUES, BadBody, badBodies, badQueryValues, MALFORMED_BODIES } from '../support/bad-input';
import { inParallel } from '../support/concurrency';
import { useApp } from '../support/context';
import { databaseFingerprint } from '../support/database';
import { errorShapeProblem } from '../support/error-shape';
import {
  createPublishedEvent,
  createSession,
  createSpeaker,
  createUser,
  expectStatus,
  loginAsAdmin,
  registrant,
} from '../support/factories';
import { pdfOfSize, photo, zipArchive } from '../support/files';
import { ApiClient } from '../support/http';
import { ApiRoute, fillPath, OpenApiDocument, readApiRoutes } from '../support/openapi';
import { createOutcome, outcomeStep } from '../support/outcomes';

/** The records the corpus points at, so that a request reaches validation and the services behind it. */
interface World {
  event: any;
  seriesId: string;
  partnerId: string;
  delegationId: string;
  sessionId: string;
  speakerId: string;
  /** Its manage token is known. */
  registration: any;
  /** The registration of `/registrations/{id}` routes; the valid-body check rejects it. */
  toReject: any;
  /** The registration the bulk approve and reject bodies name (so the single routes keep theirs). */
  forBulk: any;
  badgeCode: string;
  manageToken: string;
  draftOutcomeId: string;
  inReviewOutcomeId: string;
  publishedOutcomeId: string;
  mailingId: string;
  memberEmail: string;
  memberId: string;
  /** Tokens of a password-reset link (the member's) and of a team invitation, both unused. */
  resetToken: string;
  invitationToken: string;
  /** Issue 18: a delegation submitted for accreditation, and one of its members (the accredit and return routes). */
  accreditationDelegationId: string;
  forAccreditation: any;
  /** Issue 18: a certificate's reference (a checked-in registration's), which the revoke route's valid body revokes. */
  documentReference: string;
}

/** A valid body for each request schema of the API; the corpus breaks one field of it at a time. */
function validBodies(world: World): Record<string, Record<string, unknown>> {
  return {
    LoginDto: { email: 'admin@plenary.test', password: 'admin-password-123' },
    GrantEventRoleDto: { email: world.memberEmail, role: 'rapporteur' },
    CreateUserDto: { email: 'corpus-new-user@plenary.test', password: 'a long enough password', fullName: 'New Person', role: 'member' },
    CreateEventDto: {
      slug: 'corpus-new-event',
      title: 'New event',
      startDate: '2026-03-02',
      endDate: '2026-03-03',
      timezone: 'Europe/Vienna',
      capacity: 20,
      countryCode: 'AT',
      registrationOpensAt: '2026-01-01T09:00:00+01:00',
      registrationClosesAt: '2026-02-20T17:00:00+01:00',
      approvalRequired: false,
      inviteOnly: false,
      seriesId: world.seriesId,
    },
    UpdateEventDto: { title: 'Renamed event', capacity: 60 },
    AddPartnerDto: {
      organisation: { name: 'International Organization for Migration', acronym: 'IOM', kind: 'un_agency', countryCode: 'CH' },
      role: 'partner',
    },
    CreateSeriesDto: { name: 'Another series' },
    CreateDelegationDto: {
      name: 'French Republic',
      kind: 'country',
      countryCode: 'FR',
      quota: 5,
      head: { email: 'head@example.org', givenName: 'Claire', familyName: 'Martin' },
    },
    UpdateDelegationDto: { quota: 6, status: 'nominated' },
    CreateRegistrationDto: {
      email: 'corpus-registrant@example.org',
      givenName: 'Amina',
      familyName: 'Rahman',
      honorific: 'Dr',
      nationality: 'PK',
      category: 'observer',
    },
    RejectRegistrationDto: { reason: 'Duplicate of another registration' },
    BulkRegistrationsDto: { ids: [world.forBulk.id] },
    BulkRejectDto: { ids: [world.forBulk.id], reason: 'The meeting is for government delegations' },
    CheckInDto: { badgeCode: world.badgeCode },
    RegistrationFormDto: {
      fields: [{ key: 'dietary', label: 'Dietary requirements', type: 'select', required: false, options: ['none', 'vegetarian'] }],
    },
    UpdateRegistrationDto: { jobTitle: 'Director', organisation: 'Ministry of Interior' },
    // Issue 18: a passport document (the event asks for it; the server has a key).
    IdentityDto: { passportNumber: 'AB1234567', issuingCountry: 'PK', passportExpiry: '2031-05-20', dateOfBirth: '1980-02-29' },
    ManageLinkRequestDto: { email: 'corpus-registrant@example.org' },
    CreateSessionDto: {
      title: 'Working lunch',
      kind: 'side_event',
      startsAt: '2025-11-26T13:00:00+05:00',
      endsAt: '2025-11-26T14:00:00+05:00',
      room: 'Room B',
    },
    UpdateSessionDto: { title: 'Opening session (moved)', endsAt: '2025-11-26T10:45:00+05:00' },
    SetSessionSpeakersDto: { speakers: [{ speakerId: world.speakerId, role: 'chair', order: 1 }] },
    CreateSpeakerDto: { fullName: 'Mio Sato', honorific: 'Dr', precedence: 20, email: 'mio.sato@example.org' },
    UpdateSpeakerDto: { precedence: 3, position: 'Ambassador' },
    CreateOutcomeDto: { title: 'Chair summary', kind: 'chair_summary', body: '# Chair summary\n' },
    CreateVersionDto: { body: '# Outcome statement\n\nSecond draft.\n', baseVersion: 1, changeNote: 'Second draft' },
    SummaryMailingDto: { audience: 'confirmed' },
    ReturnToDraftDto: { comment: 'Please add the commitments' },
    ReplaceCommitmentsDto: {
      commitments: [
        { theme: 'Fraudulent documentation', text: 'Share forensic document examination.', leads: ['IOM'], status: 'proposed' },
      ],
    },
    CreateInvitationsDto: {
      recipients: [{ email: 'invitee@example.org', givenName: 'Lena', familyName: 'Vogel', delegationId: world.delegationId }],
      template: 'invitation',
    },
    PutMailTemplateDto: { subject: 'You are invited: {{event.title}}' },
    PreviewMailTemplateDto: { subject: 'Preview: {{event.title}}' },
    UpdateUserDto: { role: 'member', disabled: false },
    PasswordResetRequestDto: { email: world.memberEmail },
    PasswordResetDto: { token: world.resetToken, password: 'a reset password' },
    AcceptInvitationDto: { token: world.invitationToken, password: 'an invited password', fullName: 'Lena Vogel' },
    ChangePasswordDto: { currentPassword: 'admin-password-123', newPassword: 'admin-password-123' },
    ReturnAccreditationDto: { reason: 'The credentials letter names another person' },
    // Issue 18: the List of Participants.
    PublishParticipantsDto: { status: 'provisional' },
    ParticipantListingDto: { listed: true, precedence: 2 },
    PutLetterTemplateDto: {
      body: 'We confirm that {{fullName}}, holder of passport {{passportNumber}}, attends the {{eventTitle}}.',
      signatoryName: 'Amb. Farah Siddiqui',
      signatoryTitle: 'Director General',
      letterheadFileId: null,
    },
    RevokeDocumentDto: { reason: 'Issued with a misspelt name' },
  };
}

/** Real values for a route's path parameters; `{id}` is the record its path names. */
function realPathValues(route: ApiRoute, world: World): Record<string, string> {
  const ids: Record<string, string> = {
    events: world.event.id,
    delegations: route.path.endsWith('/return') ? world.accreditationDelegationId : world.delegationId,
    registrations: route.path.endsWith('/return') ? world.forAccreditation.id : world.toReject.id,
    sessions: world.sessionId,
    speakers: world.speakerId,
    outcomes: route.path.endsWith('/return')
      ? world.inReviewOutcomeId
      : route.path.endsWith('/mailings')
        ? world.publishedOutcomeId
        : world.draftOutcomeId,
    series: world.seriesId,
    mailings: world.mailingId,
    users: world.memberId,
  };
  const owner = /\/(\w+)\/\{id\}/.exec(route.path)?.[1];
  return {
    ...(owner ? { id: ids[owner] } : {}),
    idOrSlug: world.event.slug,
    slugOrId: world.event.slug,
    partnerId: world.partnerId,
    speakerId: world.speakerId,
    userId: world.memberId,
    role: 'rapporteur',
    token: world.manageToken,
    number: '1',
    name: 'invitation',
    reference: world.documentReference,
  };
}

interface CorpusRequest {
  route: ApiRoute;
  what: string;
  path: string;
  body?: BadBody;
  /** The body field the request breaks, which a validation error must name. */
  field?: string;
}

/** Every bad request for one route: broken path and query parameters, broken bodies. */
function corpusFor(route: ApiRoute, document: OpenApiDocument, world: World): CorpusRequest[] {
  const real = realPathValues(route, world);
  const base = route.bodySchema ? validBodies(world)[route.bodySchema] : undefined;
  const validBody: BadBody | undefined = base ? { label: 'a valid body', body: base } : undefined;
  const requests: CorpusRequest[] = [];
  for (const parameter of route.parameters.filter((candidate) => candidate.in === 'path')) {
    for (const [label, value] of Object.entries(BAD_PATH_VALUES)) {
      requests.push({
        route,
        what: `path ${parameter.name}: ${label}`,
        path: fillPath(route.path, { ...real, [parameter.name]: value }),
        body: validBody,
      });
    }
  }
  const realPath = fillPath(route.path, real);
  for (const parameter of route.parameters.filter((candidate) => candidate.in === 'query')) {
    for (const [label, value] of Object.entries(badQueryValues(parameter.name))) {
      requests.push({
        route,
        what: `query ${parameter.name}: ${label}`,
        path: `${realPath}?${new URLSearchParams({ [parameter.name]: value })}`,
      });
    }
  }
  if (base) {
    for (const body of badBodies(document, document.components.schemas[route.bodySchema!], base))
      requests.push({ route, what: `body ${body.label}`, path: realPath, body, field: body.field });
  } else if (route.method !== 'GET' && route.method !== 'DELETE') {
    // A route without a body still parses one it is sent: malformed JSON must not reach the handler.
    for (const body of MALFORMED_BODIES) requests.push({ route, what: `body ${body.label}`, path: realPath, body });
  }
  return requests;
}

async function send(baseUrl: string, token: string, request: CorpusRequest): Promise<{ status: number; body: any }> {
  const body =
    request.body === undefined ? undefined : request.body.raw ? (request.body.body as string) : JSON.stringify(request.body.body);
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.route.method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: reported as such by errorShapeProblem
  }
  return { status: response.status, body: parsed };
}

/**
 * A generated corpus of bad input against every route of the OpenAPI document, as an administrator (so
 * every request gets past authorisation and reaches validation): every answer is a 4xx in the error
 * shape, never a 5xx, and the database is exactly as it was.
 */
describe('Bad-input corpus over every route', () => {
  const ctx = useApp({
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_WORKER_CONCURRENCY: '0',
    DATA_ENCRYPTION_KEY: 'qQVlrDpx9X2M0f7lM3yN4l3Gm1v0k0Jr3n0bT8i8aW4=',
  });
  let admin: ApiClient;
  let adminToken: string;
  let world: World;
  let routes: ApiRoute[];
  let document: OpenApiDocument;

  beforeAll(async () => {
    const api = ctx.app.api;
    adminToken = await loginAsAdmin(api);
    admin = api.as(adminToken);
    ({ document, routes } = await readApiRoutes(ctx.app.url));
    const member = await createUser(api, 'member');
    const seriesId = expectStatus(await admin.post('/series', { name: 'Corpus series' }), 201, 'series').id;
    const event = await createPublishedEvent(admin, { capacity: 50, seriesId, asksPassport: true });
    const partnerId = expectStatus(
      await admin.post(`/events/${event.id}/partners`, {
        organisation: { name: 'European Union', acronym: 'EU', kind: 'intergovernmental' },
        role: 'funder',
      }),
      201,
      'partner',
    ).id;
    const delegationId = expectStatus(
      await admin.post(`/events/${event.id}/delegations`, { name: 'Pakistan', kind: 'country', countryCode: 'PK', quota: 10 }),
      201,
      'delegation',
    ).id;
    const session = await createSession(admin, event.id, {
      title: 'Opening session',
      kind: 'opening',
      startsAt: '2025-11-26T09:30:00+05:00',
      endsAt: '2025-11-26T10:30:00+05:00',
    });
    const speaker = await createSpeaker(admin, event.id, { fullName: 'Philipp Oliver Gross', email: 'speaker@example.org' });
    const registration = expectStatus(await api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registration');
    const toReject = expectStatus(await api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registration');
    const forBulk = expectStatus(await api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registration');
    const { rows } = await ctx.db.query('SELECT badge_code FROM registration WHERE id = $1', [registration.id]);
    const draftOutcomeId = (await createOutcome(admin, event.id)).id;
    const inReviewOutcomeId = (await createOutcome(admin, event.id, { title: 'Report' })).id;
    await outcomeStep(admin, inReviewOutcomeId, 'submit');
    const publishedOutcomeId = (await createOutcome(admin, event.id, { title: 'Declaration', kind: 'declaration' })).id;
    await outcomeStep(admin, publishedOutcomeId, 'submit');
    await outcomeStep(admin, publishedOutcomeId, 'publish');
    const mailingId = expectStatus(
      await admin.post(`/events/${event.id}/invitations`, { recipients: [{ email: 'first-invitee@example.org' }] }),
      202,
      'mailing',
    ).mailingId;
    const manageToken = new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', registration.id);
    // Issue 16: a reset link and a team invitation, whose tokens the valid bodies use.
    expectStatus(await api.post('/auth/password-reset', { email: member.email }), 202, 'password reset');
    const invited = expectStatus(
      await admin.put(`/events/${event.id}/roles`, { email: 'corpus-invitee@example.org', role: 'checkin', invite: true }),
      200,
      'team invitation',
    );
    const accountLink = async (userId: string, purpose: 'password_reset' | 'team_invitation') => {
      const tokens = await ctx.db.query('SELECT id FROM account_token WHERE user_id = $1 AND purpose = $2', [userId, purpose]);
      return new LinkTokens(TEST_JWT_SECRET).tokenFor(purpose, tokens.rows[0].id);
    };
    // Issue 18: a delegation with two members, submitted for accreditation (the return routes' valid bodies).
    const accreditation = expectStatus(
      await admin.post(`/events/${event.id}/delegations`, { name: 'Kenya', kind: 'country', countryCode: 'KE', quota: 5 }),
      201,
      'delegation to accredit',
    );
    const forAccreditation = expectStatus(
      await api.post(`/events/${event.id}/registrations`, registrant({ delegationCode: accreditation.code })),
      201,
      'member',
    );
    expectStatus(await api.post(`/events/${event.id}/registrations`, registrant({ delegationCode: accreditation.code })), 201, 'member');
    expectStatus(await admin.post(`/delegations/${accreditation.id}/submit`), 200, 'submitted');
    // Issue 18: a checked-in person's certificate, whose reference the revoke route names.
    const attendee = expectStatus(await api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registration');
    const attendeeCode = (await ctx.db.query('SELECT badge_code FROM registration WHERE id = $1', [attendee.id])).rows[0].badge_code;
    expectStatus(await admin.post(`/events/${event.id}/check-ins`, { badgeCode: attendeeCode }), 200, 'check-in');
    const certificate = await fetch(
      `${ctx.app.url}/api/v1/registrations/manage/${new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', attendee.id)}/certificate.pdf`,
    );
    if (certificate.status !== 200) throw new Error(`certificate: ${certificate.status}`);
    const documentReference = (await ctx.db.query('SELECT reference FROM document_reference WHERE registration_id = $1', [attendee.id]))
      .rows[0].reference;
    world = {
      event,
      seriesId,
      partnerId,
      delegationId,
      sessionId: session.id,
      speakerId: speaker.id,
      registration,
      toReject,
      forBulk,
      badgeCode: rows[0].badge_code,
      manageToken,
      draftOutcomeId,
      inReviewOutcomeId,
      publishedOutcomeId,
      mailingId,
      memberEmail: member.email,
      memberId: member.id,
      resetToken: await accountLink(member.id, 'password_reset'),
      invitationToken: await accountLink(invited.userId, 'team_invitation'),
      accreditationDelegationId: accreditation.id,
      forAccreditation,
      documentReference,
    };
  });

  it('has a valid body for every request schema of the document', () => {
    const schemas = new Set(routes.flatMap((route) => (route.bodySchema ? [route.bodySchema] : [])));
    expect([...schemas].filter((schema) => !(schema in validBodies(world)))).toEqual([]);
  });

  it('answers at least 500 bad requests, to every route that takes input, each with a 4xx in the error shape naming the broken field, and changes nothing', async () => {
    const requests = routes.flatMap((route) => corpusFor(route, document, world));
    const before = await databaseFingerprint(ctx.db);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    await inParallel(requests, 4, async (request) => {
      const { status, body } = await send(ctx.app.url, adminToken, request);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const where = `${request.route.key} with ${request.what}`;
      if (status < 400 || status >= 500) return void problems.push(`${where}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      const shape = errorShapeProblem(status, body);
      if (shape) return void problems.push(`${where}: ${status} not in the error shape (${shape})`);
      if (request.field && body.code === 'VALIDATION_FAILED' && !namesField(body, request.field))
        problems.push(`${where}: ${body.message} does not name ${request.field}`);
    });
    const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    process.stdout.write(
      `Bad-input corpus: ${requests.length} requests to ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${serverErrors} 5xx\n`,
    );

    expect(problems).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(requests.length).toBeGreaterThanOrEqual(500);
    const takingInput = routes.filter((route) => route.parameters.length > 0 || route.bodySchema || route.method !== 'GET');
    expect(takingInput.filter((route) => !requests.some((request) => request.route === route))).toEqual([]);
    expect(await databaseFingerprint(ctx.db)).toEqual(before);
    // ~2,600 requests: 17 s on a quiet machine, over 120 s on a 2-core machine running other suites.
  }, 600_000);

  it('refuses bad uploads to every route that takes a multipart file, each with a 4xx in the error shape, and stores nothing', async () => {
    // Issue 18: the routes whose body is a multipart form with one file (a photo, a credentials letter, a letterhead).
    const uploads = routes.flatMap((route) => {
      const operation = (document.paths[route.path] as Record<string, any>)[route.method.toLowerCase()];
      const field = operation?.requestBody?.content?.['multipart/form-data']?.schema?.required?.[0] as string | undefined;
      return field ? [{ route, field }] : [];
    });
    expect(uploads.map(({ route }) => route.key).sort()).toEqual([
      'PUT /api/v1/delegations/{id}/credentials-letter',
      'PUT /api/v1/events/{id}/letter-template/letterhead',
      'PUT /api/v1/registrations/manage/{token}/photo',
      'PUT /api/v1/registrations/{id}/photo',
    ]);
    const pdf = pdfOfSize(4000);
    const tiny = await photo('png', 40, 40);
    const forms: { label: string; build: (field: string) => FormData | { raw: string; contentType: string } }[] = [
      { label: 'no file (another field name)', build: () => formWith('picture', tiny, 'a.png', 'image/png') },
      { label: 'a text field instead of a file', build: (field) => textForm(field, 'a photo') },
      { label: 'an empty file', build: (field) => formWith(field, Buffer.alloc(0), 'empty.jpg', 'image/jpeg') },
      { label: 'a ZIP archive named .jpg', build: (field) => formWith(field, zipArchive(), 'photo.jpg', 'image/jpeg') },
      {
        label: 'a PDF named .jpg, or a photo named .pdf',
        build: (field) =>
          field === 'photo' ? formWith(field, pdf, 'photo.jpg', 'image/jpeg') : formWith(field, tiny, 'letter.pdf', 'application/pdf'),
      },
      { label: 'a 40×40 image', build: (field) => formWith(field, tiny, 'tiny.png', 'image/png') },
      { label: 'a null byte in the file name', build: (field) => formWith(field, tiny, 'a\u0000b.png', 'image/png') },
      { label: 'two files', build: (field) => twoFiles(field, tiny) },
      { label: 'multipart without a boundary', build: () => ({ raw: 'garbage', contentType: 'multipart/form-data' }) },
      {
        label: 'a broken multipart body',
        build: () => ({ raw: '--xyz\r\nContent-Disposition: form-da', contentType: 'multipart/form-data; boundary=xyz' }),
      },
    ];
    const before = await databaseFingerprint(ctx.db);
    const problems: string[] = [];
    let sent = 0;
    for (const { route, field } of uploads)
      for (const form of forms) {
        const built = form.build(field);
        const response = await fetch(`${ctx.app.url}${fillPath(route.path, realPathValues(route, world))}`, {
          method: route.method,
          headers: { authorization: `Bearer ${adminToken}`, ...('raw' in built ? { 'content-type': built.contentType } : {}) },
          body: 'raw' in built ? built.raw : built,
        });
        sent += 1;
        const text = await response.text();
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: reported by errorShapeProblem
        }
        const where = `${route.key} with ${form.label}`;
        if (response.status < 400 || response.status >= 500) problems.push(`${where}: ${response.status} ${text.slice(0, 300)}`);
        else if (errorShapeProblem(response.status, body))
          problems.push(`${where}: not in the error shape (${errorShapeProblem(response.status, body)})`);
      }
    process.stdout.write(`Bad-input corpus, uploads: ${sent} bad multipart requests to ${uploads.length} routes\n`);
    expect(problems).toEqual([]);
    expect(await databaseFingerprint(ctx.db)).toEqual(before);
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM stored_file')).rows[0].n).toBe(0);
  });

  it('breaks only valid bodies: each one, sent as it is, is accepted', async () => {
    // Sent after the corpus (they change the database); proves the corpus's refusals came from what it broke.
    const refused: string[] = [];
    for (const route of routes.filter((candidate) => candidate.bodySchema && candidate.bodySchema !== 'LoginDto')) {
      const response = await send(ctx.app.url, adminToken, {
        route,
        what: 'the valid body',
        path: fillPath(route.path, realPathValues(route, world)),
        body: { label: 'valid', body: validBodies(world)[route.bodySchema!] },
      });
      if (response.status >= 300) refused.push(`${route.key}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    expect(refused).toEqual([]);
    expect((await admin.post('/auth/login', validBodies(world).LoginDto)).status).toBe(200);
  });
});

/** A validation error names a field in its details, or its message names it (errors raised by services). */
function namesField(body: { message: string; details?: { field: string }[] }, field: string): boolean {
  const top = field.split('.')[0];
  return (
    (body.details ?? []).some((detail) => detail.field === field || detail.field.startsWith(`${field}.`) || detail.field === top) ||
    body.message.includes(top)
  );
}

/** A multipart form with one file in `field`, named and typed as the sender claims. */
function formWith(field: string, data: Buffer, filename: string, type: string): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)], { type }), filename);
  return form;
}

function textForm(field: string, value: string): FormData {
  const form = new FormData();
  form.append(field, value);
  return form;
}

function twoFiles(field: string, data: Buffer): FormData {
  const form = formWith(field, data, 'one.png', 'image/png');
  form.append(field, new Blob([new Uint8Array(data)], { type: 'image/png' }), 'two.png');
  return form;
}
