import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { useApp } from '../support/context';
import { createUser, loginAsAdmin, registrant } from '../support/factories';
import { pdfOfSize } from '../support/files';
import { ApiClient, ApiResponse } from '../support/http';
import {
  controllerOf,
  fillPath,
  jsonSchemaDefinitions,
  OpenApiDocument,
  OpenApiSchema,
  operationOf,
  readApiRoutes,
  toJsonSchema,
} from '../support/openapi';
import { projectRoot as root } from '../support/paths';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The controllers that serve the API (`@Controller` in src), less those kept out of the document (pages, the bench probe). */
function documentedControllers(): string[] {
  const files = (readdirSync(join(root, 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.controller.ts'));
  return files
    .map((file) => readFileSync(join(root, 'src', file), 'utf8'))
    .filter((source) => source.includes('@Controller(') && !source.includes('@ApiExcludeController()'))
    .map((source) => /export class (\w+Controller)/.exec(source)![1])
    .sort();
}

/**
 * Ajv for OpenAPI 3.0 bodies, strict: an unknown keyword or format, a `required` property that is not
 * described, or a keyword without the type it applies to (a `format` on a property of no type) is a defect of
 * the document, collected in `defects` (Ajv's "log" strictness, so that one run lists them all).
 */
function compilerFor(document: OpenApiDocument, defects: string[]): (schema: OpenApiSchema) => ValidateFunction {
  const collect = (...args: unknown[]) => defects.push(args.map(String).join(' '));
  const ajv = new Ajv({
    strict: 'log',
    strictTypes: 'log',
    strictRequired: 'log',
    allErrors: true,
    allowUnionTypes: true,
    logger: { log: () => undefined, warn: collect, error: collect },
  });
  addFormats(ajv);
  const definitions = jsonSchemaDefinitions(document);
  return (schema) => ajv.compile({ definitions, ...toJsonSchema(schema) });
}

/**
 * What Ajv accepts but says nothing: a property with no type (@nestjs/swagger writes none for a `string | null`
 * without `type:`), or an object of no described shape (it writes `type: object` for a TypeScript union or a
 * record). Walks every schema reachable from `schema`, each component once.
 */
function shapeDefects(document: OpenApiDocument, schema: OpenApiSchema, where: string, seen = new Set<string>()): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    return shapeDefects(document, document.components.schemas[name], name, seen);
  }
  const parts = [...(schema.allOf ?? []), ...((schema as { anyOf?: OpenApiSchema[] }).anyOf ?? [])];
  if (parts.length) return parts.flatMap((part) => shapeDefects(document, part, where, seen));
  const open = (schema as { additionalProperties?: unknown }).additionalProperties;
  const defects: string[] = [];
  if (!schema.type && !schema.enum) defects.push(`${where}: no type`);
  if (schema.type === 'object' && !schema.properties && open === undefined) defects.push(`${where}: an object of no described shape`);
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    defects.push(...shapeDefects(document, property, `${where}.${name}`, seen));
  if (schema.items) defects.push(...shapeDefects(document, schema.items, `${where}[]`, seen));
  if (open && typeof open === 'object') defects.push(...shapeDefects(document, open, `${where}{}`, seen));
  return defects;
}

/**
 * Issue 15 (#15): the OpenAPI document's response schemas describe what the routes answer. Real requests,
 * at least one to a route of every documented controller, and each JSON body validated against the schema
 * the document declares for its path, method and status, with every described object closed: a property
 * the document does not name, a required one missing, a null where none is allowed or a value outside an
 * enum is a mismatch.
 */
describe('The OpenAPI response schemas and real responses', () => {
  const ctx = useApp({
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_WORKER_CONCURRENCY: '0',
    DATA_ENCRYPTION_KEY: '9f1c2b7e4a6d8f0e3b5c7a9d1e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f',
  });
  let document: OpenApiDocument;
  let compile: ReturnType<typeof compilerFor>;
  let admin: ApiClient;
  const problems: string[] = [];
  const defects: string[] = [];
  const validated: { key: string; status: number; controller: string }[] = [];

  /** Sends a request to a documented route and validates its body against the document; returns the body. */
  async function call(
    client: ApiClient,
    method: Method,
    path: string,
    params: Record<string, string> = {},
    body?: unknown,
    query = '',
  ): Promise<any> {
    const key = `${method} ${path}`;
    const operation = operationOf(document, method, path);
    if (!operation) throw new Error(`${key} is not in the document`);
    const target = `${fillPath(path, params).replace(/^\/api\/v1/, '')}${query}`;
    const response: ApiResponse =
      body instanceof FormData ? await client.form(method, target, body) : await client.request(method, target, body);
    if (response.status >= 300) throw new Error(`${key}: ${response.status} ${response.text}`);
    const declared = operation.responses?.[String(response.status)];
    const schema = declared?.content?.['application/json']?.schema;
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    if (!declared) problems.push(`${key}: answered ${response.status}, which the document does not declare`);
    else if (isJson && !schema) problems.push(`${key} ${response.status}: answers JSON, the document declares no JSON body`);
    else if (!isJson && schema) problems.push(`${key} ${response.status}: the document declares a JSON body, the answer has none`);
    else if (schema) {
      const validate = compile(schema);
      if (!validate(response.body))
        for (const error of validate.errors ?? [])
          problems.push(`${key} ${response.status}: ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`);
    }
    validated.push({ key, status: response.status, controller: controllerOf(operation)! });
    return response.body;
  }

  beforeAll(async () => {
    document = (await readApiRoutes(ctx.app.url)).document;
    compile = compilerFor(document, defects);
    const api = ctx.app.api;
    admin = api.as(await loginAsAdmin(api));
    const member = await createUser(api, 'member');

    await call(api, 'GET', '/api/v1/health');
    await call(api, 'POST', '/api/v1/auth/login', {}, { email: member.email, password: 'correct horse battery staple' });
    await call(
      admin,
      'POST',
      '/api/v1/users',
      {},
      { email: 'openapi-organiser@plenary.test', password: 'a long enough password', fullName: 'O' },
    );

    // Events, their series and partners.
    const series = await call(admin, 'POST', '/api/v1/series', {}, { name: 'OpenAPI series' });
    const event = await call(
      admin,
      'POST',
      '/api/v1/events',
      {},
      {
        slug: 'openapi-conference',
        title: 'International Conference on Countering the Smuggling of Migrants',
        startDate: '2025-11-26',
        endDate: '2025-11-27',
        timezone: 'Asia/Karachi',
        city: 'Islamabad',
        countryCode: 'PK',
        capacity: 1,
        seriesId: series.id,
        seriesPosition: 1,
        registrationClosesAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        asksPassport: true,
      },
    );
    const id = event.id as string;
    await call(admin, 'PATCH', '/api/v1/events/{id}', { id }, { venue: 'Islamabad (venue: sample)' });
    const partner = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/partners',
      { id },
      { organisation: { name: 'United Nations Office on Drugs and Crime', acronym: 'UNODC', kind: 'un_agency' }, role: 'co_organiser' },
    );
    const funder = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/partners',
      { id },
      { organisation: { name: 'European Union', acronym: 'EU', kind: 'intergovernmental' }, role: 'funder' },
    );
    await call(admin, 'DELETE', '/api/v1/events/{id}/partners/{partnerId}', { id, partnerId: funder.id });
    await call(admin, 'POST', '/api/v1/events/{id}/publish', { id });
    await call(api, 'GET', '/api/v1/events');
    await call(admin, 'GET', '/api/v1/events');
    await call(api, 'GET', '/api/v1/events/{idOrSlug}', { idOrSlug: event.slug });
    await call(api, 'GET', '/api/v1/events/{idOrSlug}/partners', { idOrSlug: event.slug });
    await call(api, 'GET', '/api/v1/series/{id}', { id: series.id });
    await call(admin, 'PUT', '/api/v1/events/{id}/roles', { id }, { email: member.email, role: 'rapporteur' });
    // Issue 16: the team, invitations by email, passwords, accounts.
    const invited = await call(
      admin,
      'PUT',
      '/api/v1/events/{id}/roles',
      { id },
      { email: 'openapi-invitee@example.org', role: 'checkin', invite: true },
    );
    await call(admin, 'GET', '/api/v1/events/{id}/roles', { id });
    const linkOf = async (userId: string, purpose: 'password_reset' | 'team_invitation') => {
      const { rows } = await ctx.db.query('SELECT id FROM account_token WHERE user_id = $1 AND purpose = $2', [userId, purpose]);
      return new LinkTokens(TEST_JWT_SECRET).tokenFor(purpose, rows[0].id);
    };
    await call(
      api,
      'POST',
      '/api/v1/auth/invitations/accept',
      {},
      { token: await linkOf(invited.userId, 'team_invitation'), password: 'an invited password' },
    );
    await call(admin, 'DELETE', '/api/v1/events/{id}/roles/{userId}/{role}', { id, userId: invited.userId, role: 'checkin' });
    await call(api, 'POST', '/api/v1/auth/password-reset', {}, { email: member.email });
    await call(
      api,
      'POST',
      '/api/v1/auth/password-reset/complete',
      {},
      { token: await linkOf(member.id, 'password_reset'), password: 'correct horse battery staple' },
    );
    await call(
      member.api,
      'PUT',
      '/api/v1/auth/password',
      {},
      { currentPassword: 'correct horse battery staple', newPassword: 'correct horse battery staple' },
    );
    await call(admin, 'GET', '/api/v1/users', {}, undefined, '?q=openapi&pageSize=5');
    await call(admin, 'PATCH', '/api/v1/users/{id}', { id: invited.userId }, { role: 'member', disabled: false });
    expect(partner.organisation.acronym).toBe('UNODC');

    // Delegations, registrations (confirmed, waitlisted, pending by approval) and the registrant's own view.
    const delegation = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/delegations',
      { id },
      {
        name: 'Pakistan',
        kind: 'country',
        countryCode: 'PK',
        quota: 5,
        head: { email: 'head.pk@example.org', givenName: 'Imran', familyName: 'Qureshi' },
      },
    );
    await call(admin, 'GET', '/api/v1/events/{id}/delegations', { id });
    await call(admin, 'PATCH', '/api/v1/delegations/{id}', { id: delegation.id }, { quota: 6 });
    await call(
      admin,
      'PUT',
      '/api/v1/events/{id}/registration-form',
      { id },
      {
        fields: [
          { key: 'dietary', label: 'Dietary requirements', type: 'text', required: false },
          { key: 'arrival', label: 'Arrival', type: 'select', required: false, options: ['Monday', 'Tuesday'] },
        ],
      },
    );
    const confirmed = await call(api, 'POST', '/api/v1/events/{id}/registrations', { id }, registrant({ answers: { dietary: 'None' } }));
    const waitlisted = await call(
      api,
      'POST',
      '/api/v1/events/{id}/registrations',
      { id },
      registrant({ honorific: 'Dr', jobTitle: 'Counsellor' }),
    );
    expect([confirmed.status, waitlisted.status]).toEqual(['confirmed', 'waitlisted']);
    await call(api, 'POST', '/api/v1/events/{id}/registrations/manage-link', { id }, { email: 'nobody@example.org' });
    await call(admin, 'GET', '/api/v1/events/{id}/registrations', { id });
    const token = new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', confirmed.id);
    await call(api, 'GET', '/api/v1/registrations/manage/{token}', { token });
    await call(api, 'PATCH', '/api/v1/registrations/manage/{token}', { token }, { jobTitle: 'Deputy Director', nationality: null });
    // Issue 18: the passport document, by the delegate's link (masked) and by an organiser (in full).
    const passport = { passportNumber: 'AB1234567', issuingCountry: 'PK', passportExpiry: '2031-05-20', dateOfBirth: '1980-02-29' };
    await call(api, 'PUT', '/api/v1/registrations/manage/{token}/identity', { token }, passport);
    await call(api, 'GET', '/api/v1/registrations/manage/{token}/identity', { token });
    await call(admin, 'PUT', '/api/v1/registrations/{id}/identity', { id: confirmed.id }, { ...passport, needsVisaLetter: true });
    await call(admin, 'GET', '/api/v1/registrations/{id}/identity', { id: confirmed.id });
    const { rows } = await ctx.db.query('SELECT badge_code FROM registration WHERE id = $1', [confirmed.id]);
    await call(admin, 'POST', '/api/v1/events/{id}/check-ins', { id }, { badgeCode: rows[0].badge_code });
    // Issue 18: the letter template, a checked-in person's certificate, and its revocation.
    await call(
      admin,
      'PUT',
      '/api/v1/events/{id}/letter-template',
      { id },
      {
        body: 'We confirm that {{fullName}} attends the {{eventTitle}}.',
        signatoryName: 'Amb. Farah Siddiqui',
        signatoryTitle: 'Director General',
      },
    );
    await call(admin, 'GET', '/api/v1/events/{id}/letter-template', { id });
    const letterhead = new FormData();
    const banner = await sharp({ create: { width: 1200, height: 160, channels: 3, background: '#102a5c' } })
      .png()
      .toBuffer();
    letterhead.append('letterhead', new Blob([new Uint8Array(banner)], { type: 'image/png' }), 'letterhead.png');
    await call(admin, 'PUT', '/api/v1/events/{id}/letter-template/letterhead', { id }, letterhead);
    await call(admin, 'GET', '/api/v1/events/{id}/letter-template/letterhead', { id });
    await call(admin, 'DELETE', '/api/v1/events/{id}/letter-template/letterhead', { id });
    await call(api, 'GET', '/api/v1/registrations/manage/{token}/certificate.pdf', { token });
    const certificate = await ctx.db.query('SELECT reference FROM document_reference WHERE registration_id = $1', [confirmed.id]);
    await call(
      admin,
      'POST',
      '/api/v1/document-references/{reference}/revoke',
      { reference: certificate.rows[0].reference },
      { reason: 'Reissued' },
    );
    await call(admin, 'GET', '/api/v1/events/{id}/attendance', { id });
    await call(admin, 'GET', '/api/v1/events/{id}/dashboard', { id });
    await call(api, 'POST', '/api/v1/registrations/manage/{token}/cancel', {
      token: new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', waitlisted.id),
    });
    // Issue 18: a photo and a credentials letter, uploaded as multipart forms, streamed back and removed.
    const photoForm = async () => {
      const form = new FormData();
      const image = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#2a6' } })
        .jpeg()
        .toBuffer();
      form.append('photo', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'photo.jpg');
      return form;
    };
    await call(admin, 'PUT', '/api/v1/registrations/{id}/photo', { id: confirmed.id }, await photoForm());
    await call(admin, 'GET', '/api/v1/registrations/{id}/photo', { id: confirmed.id });
    await call(admin, 'DELETE', '/api/v1/registrations/{id}/photo', { id: confirmed.id });
    await call(api, 'PUT', '/api/v1/registrations/manage/{token}/photo', { token }, await photoForm());
    await call(api, 'GET', '/api/v1/registrations/manage/{token}/photo', { token });
    await call(api, 'DELETE', '/api/v1/registrations/manage/{token}/photo', { token });
    const letter = new FormData();
    letter.append('file', new Blob([new Uint8Array(pdfOfSize(5000))], { type: 'application/pdf' }), 'note-verbale.pdf');
    await call(admin, 'PUT', '/api/v1/delegations/{id}/credentials-letter', { id: delegation.id }, letter);
    await call(admin, 'GET', '/api/v1/delegations/{id}/credentials-letter', { id: delegation.id });
    await call(admin, 'DELETE', '/api/v1/delegations/{id}/credentials-letter', { id: delegation.id });

    const gated = await call(
      admin,
      'POST',
      '/api/v1/events',
      {},
      {
        slug: 'openapi-approval',
        title: 'Closed-door meeting',
        startDate: '2025-12-10',
        endDate: '2025-12-10',
        timezone: 'Asia/Karachi',
        approvalRequired: true,
        registrationClosesAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      },
    );
    await call(admin, 'POST', '/api/v1/events/{id}/publish', { id: gated.id });
    const first = await call(api, 'POST', '/api/v1/events/{id}/registrations', { id: gated.id }, registrant());
    const second = await call(api, 'POST', '/api/v1/events/{id}/registrations', { id: gated.id }, registrant());
    expect([first.status, second.status]).toEqual(['pending', 'pending']);
    await call(admin, 'POST', '/api/v1/registrations/{id}/approve', { id: first.id });
    await call(admin, 'POST', '/api/v1/registrations/{id}/reject', { id: second.id }, { reason: 'Seats are for delegations' });

    // Issue 18, accreditation: a delegation's members submitted, accredited and returned, one by one and as a whole.
    const kenya = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/delegations',
      { id: gated.id },
      { name: 'Kenya', kind: 'country', countryCode: 'KE', quota: 3 },
    );
    const members = [
      await call(api, 'POST', '/api/v1/events/{id}/registrations', { id: gated.id }, registrant({ delegationCode: kenya.code })),
      await call(api, 'POST', '/api/v1/events/{id}/registrations', { id: gated.id }, registrant({ delegationCode: kenya.code })),
    ];
    await call(admin, 'POST', '/api/v1/delegations/{id}/submit', { id: kenya.id });
    await call(admin, 'POST', '/api/v1/registrations/{id}/accredit', { id: members[0].id });
    await call(admin, 'POST', '/api/v1/registrations/{id}/return', { id: members[1].id }, { reason: 'No credentials letter' });
    await call(admin, 'POST', '/api/v1/delegations/{id}/submit', { id: kenya.id });
    await call(admin, 'POST', '/api/v1/delegations/{id}/return', { id: kenya.id }, { reason: 'Still no credentials letter' });
    await call(admin, 'POST', '/api/v1/delegations/{id}/submit', { id: kenya.id });
    await call(admin, 'POST', '/api/v1/delegations/{id}/accredit', { id: kenya.id });

    // The agenda: speakers, sessions, bookings, conflicts, the public agenda.
    const speaker = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/speakers',
      { id },
      { honorific: 'Ambassador', fullName: 'Nabeel Munir', position: 'Acting Foreign Secretary', organisation: 'MoFA', precedence: 2 },
    );
    const mailed = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/speakers',
      { id },
      { fullName: 'Mio Sato', email: 'mio.sato@example.org', bio: 'IOM Pakistan Chief of Mission' },
    );
    await call(admin, 'GET', '/api/v1/events/{id}/speakers', { id });
    await call(admin, 'PATCH', '/api/v1/speakers/{id}', { id: speaker.id }, { precedence: 1 });
    const opening = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/sessions',
      { id },
      {
        title: 'Opening session',
        kind: 'opening',
        room: 'Main hall',
        startsAt: '2025-11-26T09:30:00+05:00',
        endsAt: '2025-11-26T10:30:00+05:00',
      },
    );
    const overlapping = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/sessions',
      { id },
      {
        title: 'Press briefing',
        kind: 'side_event',
        room: 'Main hall',
        startsAt: '2025-11-26T10:00:00+05:00',
        endsAt: '2025-11-26T11:00:00+05:00',
      },
    );
    await call(admin, 'PATCH', '/api/v1/sessions/{id}', { id: overlapping.id }, { description: 'For accredited media' });
    await call(
      admin,
      'PUT',
      '/api/v1/sessions/{id}/speakers',
      { id: opening.id },
      {
        speakers: [
          { speakerId: mailed.id, role: 'speaker' },
          { speakerId: speaker.id, role: 'chair' },
        ],
      },
    );
    await call(
      admin,
      'PUT',
      '/api/v1/sessions/{id}/speakers',
      { id: overlapping.id },
      { speakers: [{ speakerId: speaker.id, role: 'speaker' }], allowConflicts: true },
    );
    await call(admin, 'POST', '/api/v1/sessions/{id}/speakers/{speakerId}/invitation', { id: opening.id, speakerId: mailed.id });
    await call(admin, 'GET', '/api/v1/events/{id}/conflicts', { id });
    await call(api, 'GET', '/api/v1/events/{slugOrId}/agenda', { slugOrId: event.slug });

    // Outcomes: a draft, versions, the workflow, commitments, the series view.
    const outcome = await call(
      member.api,
      'POST',
      '/api/v1/events/{id}/outcomes',
      { id },
      { title: 'Islamabad Outcome Statement', kind: 'outcome_statement', body: '# Outcome\n\nDraft.\n' },
    );
    await call(
      admin,
      'POST',
      '/api/v1/outcomes/{id}/versions',
      { id: outcome.id },
      { body: '# Outcome\n\nAgreed.\n', baseVersion: 1, changeNote: 'Agreed' },
    );
    await call(admin, 'GET', '/api/v1/outcomes/{id}/versions', { id: outcome.id });
    await call(admin, 'GET', '/api/v1/outcomes/{id}/versions/{number}', { id: outcome.id, number: '1' });
    await call(admin, 'GET', '/api/v1/outcomes/{id}/diff', { id: outcome.id }, undefined, '?from=1&to=2');
    await call(
      admin,
      'PUT',
      '/api/v1/outcomes/{id}/commitments',
      { id: outcome.id },
      {
        commitments: [{ theme: 'cooperation', text: 'Establish an informal Peer-to-Peer Network.', leads: ['UNODC'], status: 'endorsed' }],
      },
    );
    await call(admin, 'GET', '/api/v1/outcomes/{id}/commitments', { id: outcome.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/submit', { id: outcome.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/return', { id: outcome.id }, { comment: 'One more paragraph' });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/submit', { id: outcome.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/publish', { id: outcome.id });
    await call(api, 'GET', '/api/v1/outcomes/{id}', { id: outcome.id });
    await call(admin, 'GET', '/api/v1/outcomes/{id}', { id: outcome.id });
    await call(api, 'GET', '/api/v1/events/{id}/outcomes', { id });
    await call(admin, 'GET', '/api/v1/events/{id}/outcomes', { id });
    await call(api, 'GET', '/api/v1/series/{id}/commitments', { id: series.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/mailings', { id: outcome.id }, { audience: 'confirmed' });
    const withdrawn = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/outcomes',
      { id },
      { title: 'Chair summary', kind: 'chair_summary', body: '# Chair summary\n' },
    );
    await call(admin, 'POST', '/api/v1/outcomes/{id}/submit', { id: withdrawn.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/publish', { id: withdrawn.id });
    await call(admin, 'POST', '/api/v1/outcomes/{id}/withdraw', { id: withdrawn.id });

    // Mail: templates, invitations, the mailing, the log.
    const templates = await call(admin, 'GET', '/api/v1/events/{id}/mail-templates', { id });
    const name = templates[0].name as string;
    const template = await call(admin, 'GET', '/api/v1/events/{id}/mail-templates/{name}', { id, name });
    await call(
      admin,
      'PUT',
      '/api/v1/events/{id}/mail-templates/{name}',
      { id, name },
      { subject: `${String(template.subject)} (Islamabad)` },
    );
    await call(admin, 'POST', '/api/v1/events/{id}/mail-templates/{name}/preview', { id, name }, {});
    const mailing = await call(
      admin,
      'POST',
      '/api/v1/events/{id}/invitations',
      { id },
      { recipients: [{ email: 'invitee@example.org', givenName: 'Luca', familyName: 'Bianchi' }, { email: 'invitee@example.org' }] },
    );
    await call(admin, 'GET', '/api/v1/mailings/{id}', { id: mailing.mailingId });
    await call(admin, 'GET', '/api/v1/events/{id}/mail-log', { id });

    // Issue 18: the List of Participants.
    const listed = await call(api, 'POST', '/api/v1/events/{id}/registrations', { id }, { ...registrant(), listed: true });
    await call(admin, 'PATCH', '/api/v1/registrations/{id}/listing', { id: listed.id }, { precedence: 1 });
    await call(admin, 'POST', '/api/v1/events/{id}/participants/publish', { id }, { status: 'provisional' });
    await call(api, 'GET', '/api/v1/events/{id}/participants.pdf', { id });

    await call(admin, 'POST', '/api/v1/events/{id}/close', { id: gated.id });
  });

  it('has a test request to a route of every documented controller', () => {
    const documented = [
      ...new Set(
        Object.entries(document.paths).flatMap(([path, operations]) =>
          Object.keys(operations).map((method) => controllerOf(operationOf(document, method, path)!)!),
        ),
      ),
    ].sort();
    expect(documented).toEqual(documentedControllers());
    expect(documented.filter((controller) => !validated.some((entry) => entry.controller === controller))).toEqual([]);
  });

  it('declares every JSON response with a schema that strict Ajv compiles without a warning, every property typed', () => {
    for (const [path, operations] of Object.entries(document.paths))
      for (const method of Object.keys(operations))
        for (const response of Object.values(operationOf(document, method, path)!.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema;
          if (schema) {
            compile(schema);
            defects.push(...shapeDefects(document, schema, `${method.toUpperCase()} ${path}`));
          }
        }
    expect([...new Set(defects)]).toEqual([]);
  });

  it('answers every sampled request with a body that the document describes', () => {
    expect(validated.length).toBeGreaterThanOrEqual(60);
    expect(problems).toEqual([]);
  });

  it('rejects bodies that break a schema: a property it does not name, a missing required one, a null where none is allowed', () => {
    const health = document.paths['/api/v1/health'].get as unknown as { responses: Record<string, { content: any }> };
    const validate = compile(health.responses['200'].content['application/json'].schema);
    expect(validate({ status: 'ok', database: 'up' })).toBe(true);
    expect(validate({ status: 'ok', database: 'up', uptime: 3 })).toBe(false);
    expect(validate({ status: 'ok' })).toBe(false);
    expect(validate({ status: 'fine', database: 'up' })).toBe(false);
    const registration = compile({ $ref: '#/components/schemas/RegistrationOutcome' });
    expect(registration({ id: '2b7c1f4e-8a51-4c1a-9d0e-3f6a2b1c4d5e', status: 'confirmed' })).toBe(true);
    expect(registration({ id: 'not-a-uuid', status: 'confirmed' })).toBe(false);
    expect(registration({ id: '2b7c1f4e-8a51-4c1a-9d0e-3f6a2b1c4d5e', status: null })).toBe(false);
  });
});
