import type { PoolClient } from 'pg';
import { useApp } from '../support/context';
import { createPublishedEvent, createSession, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import type { ApiResponse } from '../support/http';
import { createOutcome, outcomeStep } from '../support/outcomes';

/**
 * The event's waitlist lock, as SeatsService takes it (waitlistLockSql in src/registrations/seats.service.ts:
 * namespace 0x504c, the event id hashed). Copied, since the test cannot import the Nest service; the
 * organiser's approve waiting on it below shows that it is the same lock.
 */
const WAITLIST_LOCK = 'SELECT pg_advisory_xact_lock(20556, hashtext($1::text))';

/**
 * Authorisation comes before any lock: while another transaction holds the lock a route's service takes
 * (the event's waitlist lock for approve and reject, the row for a delegation, the event row for a
 * session, the document row for an outcome), a caller without the role is answered 403 or 404 at once,
 * and only a caller with the role waits for the lock. "At once" is decided without a clock: the request
 * must answer while no database session is waiting for the holder (pg_blocking_pids).
 */
describe('Issue 15: authorisation before locks', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;
  let stranger: TestUser;
  let rapporteur: TestUser;
  let event: any;

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    stranger = await createUser(ctx.app.api, 'organiser');
    rapporteur = await createUser(ctx.app.api, 'member');
    event = await createPublishedEvent(organiser.api, { approvalRequired: true, capacity: 10 });
    expectStatus(
      await organiser.api.put(`/events/${event.id}/roles`, { email: rapporteur.email, role: 'rapporteur' }),
      200,
      'granting rapporteur',
    );
  }, 120_000);

  const pendingRegistration = async (): Promise<string> =>
    expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, registrant()), 201, 'registering').id as string;

  /** Opens a transaction on a connection of its own and takes a lock in it. */
  async function holdLock(sql: string, params: unknown[]): Promise<{ client: PoolClient; pid: number; release(): Promise<void> }> {
    const client = await ctx.db.connect();
    await client.query('BEGIN');
    await client.query(sql, params);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    return {
      client,
      pid,
      release: async () => {
        await client.query('ROLLBACK');
        client.release();
      },
    };
  }

  /** Resolves once some database session waits for the holder's lock (polling pg_blocking_pids), unless stopped first. */
  async function someoneWaitsFor(holderPid: number, stopped: () => boolean): Promise<boolean> {
    while (!stopped()) {
      const { rows } = await ctx.db.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [holderPid]);
      if (rows.length > 0) return true;
      await new Promise((done) => setTimeout(done, 25));
    }
    return false;
  }

  /**
   * Sends the request while the lock is held. Answers 'answered' with the response if it came back with
   * nobody waiting for the lock, or 'blocked' if the request (or anything) queued behind the lock first.
   */
  async function whileLocked(
    lock: { sql: string; params: unknown[] },
    request: () => Promise<ApiResponse>,
  ): Promise<{ outcome: 'answered' | 'blocked'; response: ApiResponse }> {
    const held = await holdLock(lock.sql, lock.params);
    let done = false;
    const pending = request().finally(() => (done = true));
    try {
      const first = await Promise.race([
        pending.then(() => 'answered' as const),
        someoneWaitsFor(held.pid, () => done).then((waited) => (waited ? ('blocked' as const) : ('answered' as const))),
      ]);
      // A response that arrived while someone waited is still a blocked request (the wait came first).
      if (first === 'blocked') {
        await held.release();
        return { outcome: 'blocked', response: await pending };
      }
      const response = await pending;
      await held.release();
      return { outcome: 'answered', response };
    } catch (error) {
      await held.release().catch(() => undefined);
      throw error;
    }
  }

  /** Sends the request while the lock is held, checks it queues behind the lock, then releases it and returns the response. */
  async function waitsForLock(lock: { sql: string; params: unknown[] }, request: () => Promise<ApiResponse>): Promise<ApiResponse> {
    const held = await holdLock(lock.sql, lock.params);
    const pending = request();
    try {
      expect(await someoneWaitsFor(held.pid, () => false)).toBe(true);
    } finally {
      await held.release();
    }
    return pending;
  }

  const waitlistLock = () => ({ sql: WAITLIST_LOCK, params: [event.id] });

  it('approve: a caller without the organiser role is refused while the waitlist lock is held; the organiser waits for it', async () => {
    const id = await pendingRegistration();
    for (const outsider of [stranger, rapporteur]) {
      const { outcome, response } = await whileLocked(waitlistLock(), () => outsider.api.post(`/registrations/${id}/approve`));
      expect({ outcome, status: response.status, code: response.body?.code }).toEqual({
        outcome: 'answered',
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    const approved = await waitsForLock(waitlistLock(), () => organiser.api.post(`/registrations/${id}/approve`));
    expect({ status: approved.status, state: approved.body.status }).toEqual({ status: 200, state: 'confirmed' });
  }, 120_000);

  it('reject: a caller without the organiser role is refused while the waitlist lock is held; the organiser waits for it', async () => {
    const id = await pendingRegistration();
    const { outcome, response } = await whileLocked(waitlistLock(), () =>
      stranger.api.post(`/registrations/${id}/reject`, { reason: 'No' }),
    );
    expect({ outcome, status: response.status }).toEqual({ outcome: 'answered', status: 403 });
    const rejected = await waitsForLock(waitlistLock(), () => organiser.api.post(`/registrations/${id}/reject`, { reason: 'Duplicate' }));
    expect({ status: rejected.status, state: rejected.body.status }).toEqual({ status: 200, state: 'rejected' });
  }, 120_000);

  it('PATCH /delegations/:id: refused while the delegation row is locked; the organiser waits for it', async () => {
    const delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'INTERPOL',
        kind: 'organisation',
        organisationName: 'INTERPOL',
        quota: 3,
      }),
      201,
      'creating a delegation',
    );
    const rowLock = { sql: 'SELECT 1 FROM delegation WHERE id = $1 FOR UPDATE', params: [delegation.id] };
    const { outcome, response } = await whileLocked(rowLock, () => stranger.api.patch(`/delegations/${delegation.id}`, { quota: 4 }));
    expect({ outcome, status: response.status }).toEqual({ outcome: 'answered', status: 403 });
    const updated = await waitsForLock(rowLock, () => organiser.api.patch(`/delegations/${delegation.id}`, { quota: 5 }));
    expect({ status: updated.status, quota: updated.body.quota }).toEqual({ status: 200, quota: 5 });
  }, 120_000);

  it('PATCH /sessions/:id: refused while the event row is locked; the organiser waits for it', async () => {
    const session = await createSession(organiser.api, event.id, {
      title: 'Opening',
      startsAt: '2025-11-26T09:00:00+05:00',
      endsAt: '2025-11-26T10:00:00+05:00',
    });
    const eventLock = { sql: 'SELECT 1 FROM event WHERE id = $1 FOR UPDATE', params: [event.id] };
    for (const outsider of [stranger, rapporteur]) {
      const { outcome, response } = await whileLocked(eventLock, () =>
        outsider.api.patch(`/sessions/${session.id}`, { title: 'Taken over' }),
      );
      expect({ outcome, status: response.status }).toEqual({ outcome: 'answered', status: 403 });
    }
    const updated = await waitsForLock(eventLock, () => organiser.api.patch(`/sessions/${session.id}`, { title: 'Opening plenary' }));
    expect({ status: updated.status, title: updated.body.title }).toEqual({ status: 200, title: 'Opening plenary' });
  }, 120_000);

  it('POST /outcomes/:id/publish: refused (403 to the rapporteur, 404 to a stranger) while the document row is locked; the organiser waits', async () => {
    const document = await createOutcome(rapporteur.api, event.id);
    await outcomeStep(rapporteur.api, document.id, 'submit');
    const rowLock = { sql: 'SELECT 1 FROM outcome_document WHERE id = $1 FOR UPDATE', params: [document.id] };
    const byRapporteur = await whileLocked(rowLock, () => rapporteur.api.post(`/outcomes/${document.id}/publish`));
    expect({ outcome: byRapporteur.outcome, status: byRapporteur.response.status }).toEqual({ outcome: 'answered', status: 403 });
    const byStranger = await whileLocked(rowLock, () => stranger.api.post(`/outcomes/${document.id}/publish`));
    expect({ outcome: byStranger.outcome, status: byStranger.response.status }).toEqual({ outcome: 'answered', status: 404 });
    const published = await waitsForLock(rowLock, () => organiser.api.post(`/outcomes/${document.id}/publish`));
    expect({ status: published.status, state: published.body.status, version: published.body.publishedVersion }).toEqual({
      status: 200,
      state: 'published',
      version: 1,
    });
  }, 120_000);

  it('answers 404 for unknown and malformed ids of every kind, as before', async () => {
    const unknown = '00000000-0000-4000-8000-00000000beef';
    const calls = [
      () => organiser.api.post(`/registrations/${unknown}/approve`),
      () => organiser.api.post(`/registrations/not-an-id/reject`, {}),
      () => organiser.api.patch(`/delegations/${unknown}`, { quota: 2 }),
      () => organiser.api.patch(`/sessions/not-an-id`, { title: 'x' }),
      () => organiser.api.delete(`/speakers/${unknown}`),
      () => organiser.api.post(`/outcomes/${unknown}/publish`),
      () => organiser.api.get(`/mailings/not-an-id`),
    ];
    for (const call of calls) {
      const response = await call();
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
  }, 120_000);
});
