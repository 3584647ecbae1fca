import { randomBytes } from 'node:crypto';
import { ADMIN } from './app';
import { ApiClient, ApiResponse } from './http';

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function login(api: ApiClient, email: string, password: string): Promise<string> {
  const response = await api.post('/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${response.text}`);
  return response.body.accessToken;
}

export const loginAsAdmin = (api: ApiClient) => login(api, ADMIN.email, ADMIN.password);

export interface TestUser {
  id: string;
  email: string;
  token: string;
  api: ApiClient;
}

/** Creates an account through the API (as admin) and logs in as it. */
export async function createUser(
  api: ApiClient,
  role: 'admin' | 'organiser' | 'member' = 'member',
  name = 'Test Person',
): Promise<TestUser> {
  const admin = api.as(await loginAsAdmin(api));
  const email = `${unique(role)}@plenary.test`;
  const password = 'correct horse battery staple';
  const created = await admin.post('/users', { email, password, fullName: name, role });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${created.text}`);
  const token = await login(api, email, password);
  return { id: created.body.id, email, token, api: api.as(token) };
}

/** A draft event created by the given organiser. */
export async function createEvent(organiser: ApiClient, overrides: Record<string, unknown> = {}): Promise<any> {
  const response = await organiser.post('/events', {
    slug: unique('event'),
    title: 'Regional Workshop on Migration',
    startDate: '2025-11-26',
    endDate: '2025-11-27',
    timezone: 'Asia/Karachi',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`creating an event failed: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * A published event, ready for registrations (capacity etc. given in `fields`). Its dates are in the past
 * (November 2025, as the agenda tests expect), so unless `fields` says otherwise it gets an explicit
 * registration window closing in a year: without one, registration closes when the event ends.
 */
export async function createPublishedEvent(organiser: ApiClient, fields: Record<string, unknown> = {}): Promise<any> {
  const event = await createEvent(organiser, { registrationClosesAt: new Date(Date.now() + 365 * 86_400_000).toISOString(), ...fields });
  const published = await organiser.post(`/events/${event.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${published.text}`);
  return published.body;
}

let registrantCounter = 0;
/** A registration body for a fresh person. */
export function registrant(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  registrantCounter += 1;
  return {
    email: `${unique('delegate')}-${registrantCounter}@example.org`,
    givenName: 'Amina',
    familyName: `Rahman ${registrantCounter}`,
    nationality: 'PK',
    ...overrides,
  };
}

/** Checks a response's status and returns its body, so a failed set-up step says what went wrong. */
export function expectStatus<T = any>(response: ApiResponse<T>, status: number, what: string): T {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${response.text}`);
  return response.body;
}

export async function createSession(organiser: ApiClient, eventId: string, session: Record<string, unknown>): Promise<any> {
  return expectStatus(
    await organiser.post(`/events/${eventId}/sessions`, { kind: 'panel', ...session }),
    201,
    `creating session ${session.title}`,
  );
}

export async function createSpeaker(organiser: ApiClient, eventId: string, speaker: Record<string, unknown>): Promise<any> {
  return expectStatus(await organiser.post(`/events/${eventId}/speakers`, speaker), 201, `creating speaker ${speaker.fullName}`);
}

export async function bookSpeakers(
  organiser: ApiClient,
  sessionId: string,
  speakers: { speakerId: string; role: string; order?: number }[],
): Promise<any> {
  return expectStatus(await organiser.put(`/sessions/${sessionId}/speakers`, { speakers }), 200, `booking speakers into ${sessionId}`);
}

/** `count` invitation recipients with distinct emails at `domain`, numbered from 1. */
export function invitees(
  count: number,
  domain = 'delegates.example.org',
  prefix = 'delegate',
): { email: string; givenName: string; familyName: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(5, '0');
    return { email: `${prefix}-${number}@${domain}`, givenName: `Given${number}`, familyName: `Family${number}` };
  });
}
