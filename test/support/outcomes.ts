import { expectStatus } from './factories';
import { ApiClient } from './http';

/** A new outcome document (version 1) at the event, written by `author`. */
export async function createOutcome(
  author: ApiClient,
  eventId: string,
  fields: { title?: string; kind?: string; body?: string } = {},
): Promise<any> {
  const body = { title: 'Outcome statement', kind: 'outcome_statement', body: '# Outcome statement\n\nDraft text.\n', ...fields };
  return expectStatus(await author.post(`/events/${eventId}/outcomes`, body), 201, `creating outcome ${body.title}`);
}

/** Adds a version on top of `baseVersion` and returns it. */
export async function editOutcome(author: ApiClient, id: string, baseVersion: number, body: string, changeNote?: string): Promise<any> {
  return expectStatus(
    await author.post(`/outcomes/${id}/versions`, { body, baseVersion, changeNote }),
    201,
    `editing outcome ${id} from version ${baseVersion}`,
  );
}

/** Runs a workflow step (submit, publish, withdraw, return) and returns the document. */
export async function outcomeStep(
  actor: ApiClient,
  id: string,
  step: 'submit' | 'publish' | 'withdraw' | 'return',
  body?: unknown,
): Promise<any> {
  return expectStatus(await actor.post(`/outcomes/${id}/${step}`, body), 200, `${step} outcome ${id}`);
}

/** GETs a binary resource (a PDF) with an optional token. */
export async function download(
  baseUrl: string,
  path: string,
  token?: string,
): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}
