import type { FieldError } from '../common/errors/api-error';
import type { ErrorCode } from '../common/errors/error-codes';
import { literal, raw, Sql, sql } from '../database/sql';
import type { Event } from '../events/event.entity';
import { registrationClosesAt, registrationClosesAtSql } from '../events/registration-window';
import { validateAnswers } from './form-answers';
import type { CreateRegistrationDto } from './registration.dto';
import type { Registration } from './registration.entity';
import type { RegistrationMail } from './registration-mailer.service';
import type { RegistrationTarget } from './registration.sql';

/**
 * The intake of a registration, pure (no framework, no database): the rules of registering, each
 * defined once (in TypeScript for the API and the pages and, where a statement must re-check a rule
 * against the row it writes, as an SQL predicate generated from the same constants; a test,
 * test/e2e/issue15-registration-rules.e2e-spec.ts, evaluates both on a table of cases), and the plan
 * they make of one registration from the event as read and the request, before anything is written: a
 * refusal, or how the person is admitted and which mail that causes. RegistrationWriter carries the plan out.
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

/** A registration as submitted: the body as validated (`validateBody`), with the errors found. */
export interface Submission {
  dto: CreateRegistrationDto;
  errors: FieldError[];
  /** Nominated by the delegation's focal point (src/accreditation): the nomination stands for an invitation. */
  nominated?: boolean;
}

/** The person's details and clean answers, as they will be stored. */
export type Person = Pick<
  Registration,
  'email' | 'honorific' | 'givenName' | 'familyName' | 'jobTitle' | 'organisation' | 'nationality' | 'category' | 'answers' | 'listed'
>;

export type IntakePlan =
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'refused'; refusal: Refusal }
  | {
      kind: 'admitted';
      person: Person;
      admission: Admission;
      /**
       * `batched`: no invitation, no delegation, so the registration may share a statement with others
       * (RegistrationWriter.tryBatched); `transaction`: an invitation to use or a delegation to join.
       */
      path: 'batched' | 'transaction';
    };

/**
 * Plans a registration: the details and the answers to the event's form are judged together (one 400
 * names every wrong field), then whether registration is open, then the answers alone, then whether the
 * event takes people without an invitation. A refusal is final only when `event` was read now.
 */
export function planRegistration(event: RegistrationTarget, { dto, errors, nominated }: Submission, now = new Date()): IntakePlan {
  if (errors.length > 0) {
    const answerErrors = errors.some((error) => error.field === 'answers') ? [] : validateAnswers(event.formFields, dto.answers).errors;
    return { kind: 'invalid', errors: [...errors, ...answerErrors] };
  }
  const closed = windowRefusal(event, now);
  if (closed) return { kind: 'refused', refusal: closed };
  const { answers, errors: answerErrors } = validateAnswers(event.formFields, dto.answers);
  if (answerErrors.length > 0) return { kind: 'invalid', errors: answerErrors };
  const uninvited = invitationRefusal(event, { invited: Boolean(dto.invitationToken) || nominated === true });
  if (uninvited) return { kind: 'refused', refusal: uninvited };
  return {
    kind: 'admitted',
    person: {
      email: dto.email,
      honorific: dto.honorific ?? null,
      givenName: dto.givenName,
      familyName: dto.familyName,
      jobTitle: dto.jobTitle ?? null,
      organisation: dto.organisation ?? null,
      nationality: dto.nationality ?? null,
      category: dto.category ?? 'delegate',
      answers,
      listed: dto.listed ?? false,
    },
    admission: admissionOf(event),
    path: takesTransaction(dto) ? 'transaction' : 'batched',
  };
}

/** An invitation to use or a delegation to join: read and locked in a transaction, never batched. */
export const takesTransaction = (dto: Pick<CreateRegistrationDto, 'invitationToken' | 'delegationCode'>): boolean =>
  Boolean(dto.invitationToken || dto.delegationCode);

/** The status a registration is stored with before any seat is claimed. */
export const initialStatus = (admission: Admission): 'pending' | 'confirmed' => (admission === 'pending' ? 'pending' : 'confirmed');

/** The mail each outcome causes: one, telling the registrant their status. */
export function mailOf(status: 'pending' | 'confirmed' | 'waitlisted'): RegistrationMail {
  switch (status) {
    case 'pending':
      return 'registration_received';
    case 'confirmed':
      return 'registration_confirmed';
    case 'waitlisted':
      return 'waitlisted';
  }
}
