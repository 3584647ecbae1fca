import { isUuid } from '../common/uuid';
import { join, literal, NamedStatement, param, raw, Sql, sql, SqlParam, SqlStatement } from '../database/sql';
import type { FormField } from './registration-form.entity';
import { Admission, admissionSql, registrationOpenSql } from './registration-intake';
import { ACTIVE_STATUSES, type Registration } from './registration.entity';

/**
 * The registration statements, named, built with the `sql` tag (src/database/sql.ts). Every rule they
 * re-check comes from registration-rules.ts; every registration row is written from NewRegistration
 * through `registrationsInput`, whatever the path.
 */

/** What registration needs to know of an event, read in one query with its form. */
export interface RegistrationTarget {
  id: string;
  status: 'draft' | 'published' | 'closed';
  capacity: number | null;
  approvalRequired: boolean;
  inviteOnly: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  endDate: string;
  timezone: string;
  formFields: FormField[];
}

/** A registration as the intake writes it (the stored row without its timestamps and check-in). */
export type NewRegistration = Pick<
  Registration,
  | 'id'
  | 'eventId'
  | 'email'
  | 'honorific'
  | 'givenName'
  | 'familyName'
  | 'jobTitle'
  | 'organisation'
  | 'nationality'
  | 'category'
  | 'answers'
  | 'delegationId'
  | 'isHeadOfDelegation'
  | 'listed'
  | 'status'
  | 'waitlistPosition'
  | 'manageTokenHash'
  | 'badgeCode'
>;

/** The name `mail` CTEs may test: the registrations a statement wrote. */
const REGISTERED_CTE = 'registered';
export const REGISTERED = REGISTERED_CTE;

/**
 * The columns a new registration is written with, each with its SQL type and its value: the one
 * definition of both the JSON records (`recordsOf`) and the row type that reads them (`registrationsInput`).
 * Status and waitlist position are set by each statement.
 */
const INPUT_COLUMNS: readonly (readonly [column: string, type: string, value: (registration: NewRegistration) => unknown])[] = [
  ['id', 'uuid', (r) => r.id],
  ['email', 'varchar', (r) => r.email],
  ['honorific', 'varchar', (r) => r.honorific],
  ['given_name', 'varchar', (r) => r.givenName],
  ['family_name', 'varchar', (r) => r.familyName],
  ['job_title', 'varchar', (r) => r.jobTitle],
  ['organisation', 'varchar', (r) => r.organisation],
  ['nationality', 'char(2)', (r) => r.nationality],
  ['category', 'varchar', (r) => r.category],
  ['answers', 'jsonb', (r) => r.answers],
  ['delegation_id', 'uuid', (r) => r.delegationId],
  ['is_head_of_delegation', 'boolean', (r) => r.isHeadOfDelegation],
  ['listed', 'boolean', (r) => r.listed],
  ['manage_token_hash', 'char(64)', (r) => r.manageTokenHash],
  ['badge_code', 'varchar', (r) => r.badgeCode],
];

/** The registrations as one JSON parameter for `registrationsInput`; `ord` keeps their order of arrival. */
export const recordsOf = (registrations: readonly NewRegistration[]): string =>
  JSON.stringify(
    registrations.map((registration, ord) => ({
      ...Object.fromEntries(INPUT_COLUMNS.map(([column, , value]) => [column, value(registration)])),
      ord,
    })),
  );

/** The registrations of the JSON parameter `records` (from `recordsOf`) as rows `r`. */
const registrationsInput = (records: SqlParam) =>
  sql`json_to_recordset(${records}::json) AS r(${raw(INPUT_COLUMNS.map(([column, type]) => `${column} ${type}`).join(', '))}, ord int)`;

/** `INSERT INTO registration … SELECT … FROM <source>`, where `source` has the input columns as `r.…`; status and waitlist position as SQL. */
const insertRegistrations = (eventId: SqlParam, source: Sql, status: Sql, waitlistPosition: Sql = raw('NULL')) =>
  sql`INSERT INTO registration (event_id, ${raw(INPUT_COLUMNS.map(([column]) => column).join(', '))}, status, waitlist_position)
        SELECT ${eventId}, ${raw(INPUT_COLUMNS.map(([column]) => `r.${column}`).join(', '))}, ${status}, ${waitlistPosition} FROM ${source}`;

/**
 * The CTE that records the first step of the history (registration_status_change) of every registration
 * the CTE `registered` wrote (its columns id and status), in the statement that writes them.
 */
const firstSteps = raw(`first_steps AS (
        INSERT INTO registration_status_change (registration_id, from_status, to_status)
        SELECT id, NULL, status FROM ${REGISTERED_CTE})`);

/** The SQL of the `target` read; by id or slug, and FOR KEY SHARE of the event row inside a transaction. */
const targetQuery = (match: Sql, locked: boolean) => sql`
  SELECT e.id, e.status, e.capacity, e.approval_required AS "approvalRequired", e.invite_only AS "inviteOnly",
         e.registration_opens_at AS "registrationOpensAt", e.registration_closes_at AS "registrationClosesAt",
         e.end_date::text AS "endDate", e.timezone,
         coalesce(f.fields, '[]'::jsonb) AS "formFields"
  FROM event e LEFT JOIN registration_form f ON f.event_id = e.id
  WHERE ${match}${locked ? raw(' FOR KEY SHARE OF e') : raw('')}`;

/** The event to register for, by id (in lower case, as PostgreSQL prints it) or slug, with its form. */
export function target(key: string, { locked }: { locked: boolean }): NamedStatement {
  const byId = isUuid(key);
  return targetQuery(byId ? sql`e.id = ${key}` : sql`e.slug = ${key}`, locked).named(
    `registration-target-by-${byId ? 'id' : 'slug'}${locked ? '-locked' : ''}`,
  );
}

/** A 64-bit advisory-lock key per event, in a namespace of its own (the first 4 bytes of the id vary). */
const WAITLIST_LOCK_NAMESPACE = 0x504c; // "PL"

/** Takes the waitlist lock of the event whose id (as text) is the SQL `eventId`, until the transaction ends. */
export const waitlistLock = (eventId: Sql | SqlParam) =>
  sql`pg_advisory_xact_lock(${literal(WAITLIST_LOCK_NAMESPACE)}, hashtext(${eventId}))`;

/**
 * CTEs giving the registrations of the CTE `registrations` (columns id, ord) free seats of the event, one
 * each in order of `ord` while seats are free; `seated` lists each seat claimed (registration_id,
 * seat_number). Free seats are locked without waiting (SKIP LOCKED), exactly as many as needed (a seat
 * locked but not claimed would look taken to others), looked for from a random point first, then from
 * the start. A claimed seat leaves a dead entry in the free-seat index until VACUUM, so always scanning
 * from the lowest number would step over every seat claimed so far; a random start also keeps parallel
 * claims apart (see README.md, "Measurements").
 */
export const claimSeats = (eventId: SqlParam, registrations: string) => {
  const from = raw(registrations);
  const free = sql`SELECT seat_number FROM event_seat WHERE event_id = ${eventId} AND registration_id IS NULL`;
  // coalesce: during a change from no limit, the event row still says NULL while the new seats are filled.
  return sql`seat_start AS MATERIALIZED (SELECT floor(random() * coalesce(capacity, 0))::int AS seat_number FROM event WHERE id = ${eventId}),
      free_from_start AS MATERIALIZED (
        ${free} AND seat_number >= (SELECT seat_number FROM seat_start)
        ORDER BY seat_number LIMIT (SELECT count(*) FROM ${from}) FOR UPDATE SKIP LOCKED),
      free_before_start AS MATERIALIZED (
        ${free} AND seat_number < (SELECT seat_number FROM seat_start)
        ORDER BY seat_number LIMIT (SELECT count(*) FROM ${from}) - (SELECT count(*) FROM free_from_start) FOR UPDATE SKIP LOCKED),
      seated AS (
        UPDATE event_seat seat SET registration_id = claim.id
        FROM (SELECT free.seat_number, waiting.id
              FROM (SELECT seat_number, row_number() OVER (ORDER BY seat_number) AS rank
                    FROM (SELECT seat_number FROM free_from_start UNION ALL SELECT seat_number FROM free_before_start) AS locked) AS free
              JOIN (SELECT id, row_number() OVER (ORDER BY ord) AS rank FROM ${from}) AS waiting USING (rank)) AS claim
        WHERE seat.event_id = ${eventId} AND seat.seat_number = claim.seat_number
        RETURNING seat.registration_id, seat.seat_number)`;
};

/** The position after the end of the event's waitlist (gapless, so its largest position: one index probe). Only under the waitlist lock. */
export const nextWaitlistPosition = (eventId: SqlParam) =>
  sql`SELECT coalesce(max(waitlist_position), 0)::int + 1 AS position FROM registration WHERE event_id = ${eventId} AND status = 'waitlisted'`;

/** The event as read: what a registration planned from it assumes (see `target`). */
export interface AsRead {
  eventId: string;
  admission: Admission;
  form: FormField[];
}

/**
 * SQL conditions on the row `event` for registering without invitation, as planned from the event as
 * read: open (registrationOpenSql), admitted the same way (admissionSql), and the very same form.
 */
const stillAsRead = ({ admission, form }: AsRead) =>
  sql`${registrationOpenSql('event', { invited: false })}
          AND ${admissionSql('event')} = ${admission}
          AND coalesce((SELECT fields FROM registration_form WHERE event_id = event.id), '[]'::jsonb) = ${JSON.stringify(form)}::jsonb`;

/**
 * The quick statement: registers without a transaction, in one round trip, if the event (asked for as
 * `askedAs`) is still as read, holding it FOR KEY SHARE (so it waits only for a capacity change, and then
 * re-checks the changed row). Skips anyone already registered (or twice in the batch); with `withSeat`,
 * writes only those who got a seat, and none while anyone is on the waitlist: a seat free then is for the
 * waitlist section to give, never for a newcomer to take past those waiting. `mails` (CTEs from the mail
 * feature) may test `registered`. Answers one row: whether the event was as read, and who was written.
 */
export function quickRegistration(
  asRead: AsRead,
  input: { askedAs: string; status: 'pending' | 'confirmed'; withSeat: boolean; records: string; mails: Sql },
): NamedStatement {
  const eventId = param(asRead.eventId);
  const records = param(input.records);
  const askedAs = param(input.askedAs);
  const { withSeat } = input;
  const active = join(ACTIVE_STATUSES.map((status) => literal(status)));
  return sql`WITH open_event AS (
        SELECT id FROM event
        WHERE id = ${eventId} AND (id::text = ${askedAs} OR slug = ${askedAs}) AND ${stillAsRead(asRead)}
        FOR KEY SHARE),
      arrived AS MATERIALIZED (
        SELECT DISTINCT ON (r.email) r.* FROM ${registrationsInput(records)}
        -- A scalar subquery, not NOT EXISTS: one index probe per person, never an anti-join over the whole event.
        WHERE EXISTS (SELECT 1 FROM open_event)
          ${withSeat ? sql`AND NOT EXISTS (SELECT 1 FROM registration w WHERE w.event_id = ${eventId} AND w.status = 'waitlisted')` : raw('')}
          AND (SELECT 1 FROM registration active WHERE active.event_id = ${eventId} AND active.email = r.email AND active.status IN (${active})
               LIMIT 1) IS NULL
        ORDER BY r.email, r.ord),
      ${withSeat ? sql`${claimSeats(eventId, 'arrived')},` : raw('')}
      ${raw(REGISTERED)} AS (
        ${insertRegistrations(eventId, withSeat ? raw('arrived r WHERE r.id IN (SELECT registration_id FROM seated)') : raw('arrived r'), sql`${input.status}`)}
        RETURNING id, status),
      ${firstSteps},
      ${input.mails}
      SELECT EXISTS (SELECT 1 FROM open_event) AS "asRead", ARRAY(SELECT id::text FROM ${raw(REGISTERED)}) AS written`.named(
    withSeat ? 'quick-registration-with-seat' : 'quick-registration',
  );
}

/** The quick statement's one row. */
export interface QuickResult {
  asRead: boolean;
  written: string[];
}

/**
 * Takes the event's waitlist lock if the event is still as read, FOR KEY SHARE first (as every
 * registration: the global lock order, event row then waitlist lock). No row when it changed.
 */
export function lockWaitlistIfStillAsRead(asRead: AsRead): SqlStatement {
  return sql`WITH open_event AS (
        SELECT id FROM event WHERE id = ${asRead.eventId} AND ${stillAsRead(asRead)} FOR KEY SHARE)
      SELECT ${waitlistLock(raw('id::text'))} FROM open_event`.build();
}

/** Takes the event's waitlist lock (the caller holds the event row already, FOR KEY SHARE or FOR UPDATE). */
export const lockWaitlist = (eventId: string): SqlStatement => sql`SELECT ${waitlistLock(sql`${eventId}::text`)}`.build();

/**
 * Under the event's waitlist lock: free seats to the registrations in order of arrival, the end of the
 * waitlist, in order, to the others. Answers each one's status and position.
 */
export function seatOrWaitlist(eventId: string, records: string): SqlStatement {
  const event = param(eventId);
  return sql`WITH arrived AS MATERIALIZED (SELECT r.* FROM ${registrationsInput(param(records))}),
      ${claimSeats(event, 'arrived')},
      waiting AS (
        SELECT a.id, (last.position + row_number() OVER (ORDER BY a.ord) - 1)::int AS position
        FROM arrived a, (${nextWaitlistPosition(event)}) AS last
        WHERE a.id NOT IN (SELECT registration_id FROM seated)),
      ${raw(REGISTERED)} AS (
        ${insertRegistrations(
          event,
          raw('arrived r LEFT JOIN waiting ON waiting.id = r.id'),
          raw(`CASE WHEN waiting.id IS NULL THEN 'confirmed' ELSE 'waitlisted' END`),
          raw('waiting.position'),
        )}
        RETURNING id, status, waitlist_position),
      ${firstSteps}
      SELECT id, status, waitlist_position AS "waitlistPosition" FROM ${raw(REGISTERED)}`.build();
}

/** A row of `seatOrWaitlist`. */
export interface Placed {
  id: string;
  status: 'confirmed' | 'waitlisted';
  waitlistPosition: number | null;
}

/** Stores registrations as they are (pending, or confirmed without a seat), in the caller's transaction. */
export function insert(eventId: string, records: string, status: 'pending' | 'confirmed'): SqlStatement {
  const event = param(eventId);
  return sql`WITH ${raw(REGISTERED)} AS (
        ${insertRegistrations(event, sql`${registrationsInput(param(records))}`, sql`${status}`)}
        RETURNING id, status),
      ${firstSteps}
      SELECT count(*)::int AS written FROM ${raw(REGISTERED)}`.build();
}
