import type { ErrorCode } from '../common/errors/error-codes';
import { literal, raw, Sql, sql } from '../database/sql';
import type { Event } from '../events/event.entity';
import { registrationClosesAt, registrationClosesAtSql } from '../events/registration-window';

/**
 * The rules of registering, each defined once: in TypeScript for the API and the pages, and, where a
 * statement must re-check a rule against the row it writes, as an SQL predicate generated from the same
 * constants. A test (test/e2e/issue15-registration-rules.e2e-spec.ts) evaluates both on a table of cases.
 * Pure: no framework, no database.
 */

/** The one event status that takes registrations. */
export const OPEN_STATUS = 'published' satisfies Event['status'];

/** The event fields the open rule reads. */
export type RegistrationWindow = Pick<
  Event,
  'status' | 'inviteOnly' | 'registrationOpensAt' | 'registrationClosesAt' | 'endDate' | 'timezone'
>;

/** Why registration is refused; `reason` lets a page word it for a delegate. */
export interface Refusal {
  code: Extract<ErrorCode, 'REGISTRATION_CLOSED' | 'REGISTRATION_NOT_OPEN' | 'FORBIDDEN'>;
  message: string;
  reason: 'not_published' | 'not_yet_open' | 'closed' | 'invitation_required';
}

const NOT_PUBLISHED: Refusal = {
  code: 'REGISTRATION_CLOSED',
  message: 'Registration for this event is closed',
  reason: 'not_published',
};
const CLOSED: Refusal = { code: 'REGISTRATION_CLOSED', message: 'Registration for this event has closed', reason: 'closed' };
const INVITATION_REQUIRED: Refusal = {
  code: 'FORBIDDEN',
  message: 'This event is by invitation only: register through the link in your invitation',
  reason: 'invitation_required',
};

/**
 * Registration is open while the event is published and inside its registration window, which opens at
 * `registrationOpensAt` (if set) and closes at `registrationClosesAt` (the end of the event unless set).
 * Null when open, else the refusal.
 */
export function windowRefusal(event: Omit<RegistrationWindow, 'inviteOnly'>, now = new Date()): Refusal | null {
  if (event.status !== OPEN_STATUS) return NOT_PUBLISHED;
  if (event.registrationOpensAt && now < event.registrationOpensAt) {
    return {
      code: 'REGISTRATION_NOT_OPEN',
      message: `Registration opens at ${event.registrationOpensAt.toISOString()}`,
      reason: 'not_yet_open',
    };
  }
  if (now >= registrationClosesAt(event)) return CLOSED;
  return null;
}

/** An invite-only event takes only someone with an invitation (`invited`: a token was given; whether it is usable is the invitation's own check). */
export function invitationRefusal(event: Pick<Event, 'inviteOnly'>, { invited }: { invited: boolean }): Refusal | null {
  return event.inviteOnly && !invited ? INVITATION_REQUIRED : null;
}

/** Whether this person may register now: the window, then the invitation rule. Null when they may. */
export function registrationRefusal(event: RegistrationWindow, invited: { invited: boolean }, now = new Date()): Refusal | null {
  return windowRefusal(event, now) ?? invitationRefusal(event, invited);
}

/** `registrationRefusal` as an SQL condition on the event row `alias` (a constant), at the SQL time `now` (default `now()`). */
export function registrationOpenSql(alias: string, { invited }: { invited: boolean }, now: Sql = raw('now()')): Sql {
  const event = raw(alias);
  return sql`(${event}.status = ${literal(OPEN_STATUS)}
          AND (${event}.registration_opens_at IS NULL OR ${event}.registration_opens_at <= ${now})
          AND ${raw(registrationClosesAtSql(alias))} > ${now}${invited ? raw('') : sql` AND NOT ${event}.invite_only`})`;
}

/**
 * How a new registration is admitted: pending when the event needs approval (no seat until approved),
 * confirmed when it has no capacity limit, else a seat if one is free or the end of the waitlist — decided
 * under the event's waitlist lock unless a free seat can be claimed while nobody waits.
 */
export type Admission = 'pending' | 'confirmed' | 'seat-or-waitlist';

export function admissionOf(event: Pick<Event, 'approvalRequired' | 'capacity'>): Admission {
  if (event.approvalRequired) return 'pending';
  return event.capacity === null ? 'confirmed' : 'seat-or-waitlist';
}

/** `admissionOf` as an SQL expression over the event row `alias` (a constant). */
export function admissionSql(alias: string): Sql {
  const event = raw(alias);
  return sql`(CASE WHEN ${event}.approval_required THEN ${literal('pending' satisfies Admission)}
               WHEN ${event}.capacity IS NULL THEN ${literal('confirmed' satisfies Admission)}
               ELSE ${literal('seat-or-waitlist' satisfies Admission)} END)`;
}
