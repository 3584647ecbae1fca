import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { PreparedStatements } from '../database/prepared-statements';
import { StatementBatches } from '../database/statement-batches';
import type { Event } from '../events/event.entity';
import { registrationClosesAtSql } from '../events/registration-window';
import type { FormField } from './registration-form.entity';
import { MailService, QueuedMail } from '../mail/mail.service';
import { RegistrationMailer } from './registration-mailer.service';
import type { RegistrationOutcome } from './registration.dto';
import { ACTIVE_STATUSES, type Registration } from './registration.entity';
import { claimSeatsSql, NEXT_WAITLIST_POSITION, waitlistLockSql } from './seats.service';

/** What registration needs to know of an event, read in one query with its form. */
export type RegistrationTarget = Pick<
  Event,
  'id' | 'status' | 'capacity' | 'approvalRequired' | 'inviteOnly' | 'registrationOpensAt' | 'registrationClosesAt' | 'endDate' | 'timezone'
> & {
  formFields: FormField[];
};

const TARGET_QUERY = (match: string) => `
  SELECT e.id, e.status, e.capacity, e.approval_required AS "approvalRequired", e.invite_only AS "inviteOnly",
         e.registration_opens_at AS "registrationOpensAt", e.registration_closes_at AS "registrationClosesAt",
         e.end_date::text AS "endDate", e.timezone,
         coalesce(f.fields, '[]'::jsonb) AS "formFields"
  FROM event e LEFT JOIN registration_form f ON f.event_id = e.id
  WHERE ${match}`;

/** How many events `QuickRegistrations` remembers before it starts afresh. */
const KNOWN_EVENTS_LIMIT = 1000;

/** An event id or slug as looked up: ids in lower case, as PostgreSQL prints them. */
const keyOf = (slugOrId: string) => (isUuid(slugOrId) ? slugOrId.toLowerCase() : slugOrId);

/** The registration columns, with their SQL types, as `registrationsInput` reads them; status and waitlist position are set by each statement. */
const COLUMNS = {
  id: 'uuid',
  email: 'varchar',
  honorific: 'varchar',
  given_name: 'varchar',
  family_name: 'varchar',
  job_title: 'varchar',
  organisation: 'varchar',
  nationality: 'char(2)',
  category: 'varchar',
  answers: 'jsonb',
  manage_token_hash: 'char(64)',
  badge_code: 'varchar',
} as const;
const COLUMN_NAMES = Object.keys(COLUMNS).join(', ');

/** A registration as one element of the JSON parameter `registrationsInput` reads; `ord` keeps the order of arrival. */
const recordOf = (registration: Registration, ord = 0) => ({
  id: registration.id,
  email: registration.email,
  honorific: registration.honorific,
  given_name: registration.givenName,
  family_name: registration.familyName,
  job_title: registration.jobTitle,
  organisation: registration.organisation,
  nationality: registration.nationality,
  category: registration.category,
  answers: registration.answers,
  manage_token_hash: registration.manageTokenHash,
  badge_code: registration.badgeCode,
  ord,
});

/** The registrations of the JSON parameter `param` (from `recordOf`) as rows `r`. */
const registrationsInput = (param: string) =>
  `json_to_recordset(${param}::json) AS r(${Object.entries(COLUMNS)
    .map(([column, type]) => `${column} ${type}`)
    .join(', ')}, ord int)`;

/** `INSERT INTO registration … SELECT … FROM <source>`, where `source` has the COLUMNS (as `r.…`) and event $1; status and waitlist position as SQL. */
const insertRegistration = (source: string, status: string, waitlistPosition = 'NULL') =>
  `INSERT INTO registration (event_id, ${COLUMN_NAMES}, status, waitlist_position)
        SELECT $1, ${Object.keys(COLUMNS)
          .map((column) => `r.${column}`)
          .join(', ')}, ${status}, ${waitlistPosition} FROM ${source}`;

/** Maps a duplicate active registration to 409, whichever statement inserted it. */
export async function refusingDuplicates<T>(email: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error, 'uq_registration_event_email_active'))
      throw new ApiError('REGISTRATION_EXISTS', `${email} is already registered for this event`);
    throw error;
  }
}

/**
 * SQL conditions on `event` for registering without invitation, as judged from the event as read: it is
 * published, inside its registration window (closing when the event ends, unless it says otherwise:
 * `registrationClosesAtSql`), and has the same approval and capacity settings (SQL
 * booleans `approval` and `unlimited`) and the very same form (JSON `form`).
 */
const STILL_OPEN_AS_READ = (approval: string, unlimited: string, form: string) => `status = 'published' AND NOT invite_only
          AND approval_required = ${approval} AND (capacity IS NULL) = ${unlimited}
          AND (registration_opens_at IS NULL OR registration_opens_at <= now())
          AND ${registrationClosesAtSql('event')} > now()
          AND coalesce((SELECT fields FROM registration_form WHERE event_id = event.id), '[]'::jsonb) = ${form}::jsonb`;

/** SQL: nobody is on event $1's waitlist (one probe of the waitlist index). */
const NOBODY_WAITING = `NOT EXISTS (SELECT 1 FROM registration w WHERE w.event_id = $1 AND w.status = 'waitlisted')`;

/** The quick registrations that can share one statement: same event, as asked for, judged the same way. */
interface QuickBatch {
  askedAs: string;
  event: RegistrationTarget;
  form: string;
  status: 'pending' | 'confirmed';
  withSeat: boolean;
}

interface QuickItem {
  registration: Registration;
  mail: QueuedMail;
}

/**
 * One quick statement per event at a time (per instance); registrations arriving meanwhile wait and go
 * together in the next (see StatementBatches). Measured with `npm run bench registration`, intake only:
 * 1 statement at a time gave 3,017 registrations/s (p99 29 ms); 2, 4 and 8 gave 2,224, 2,231 and 1,439,
 * with more PostgreSQL CPU per registration the more statements claim seats at once.
 */
const BATCH_LIMITS = { running: 1, size: 100 };

/** Registrations for the waitlist of one event, sharing one transaction under its lock. */
interface WaitlistBatch {
  eventId: string;
  form: string;
}

/** A row of the waitlist statement. */
type PlacedRow = { id: string; status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null };

const outcomeOf = ({ id, status, waitlistPosition }: PlacedRow): RegistrationOutcome => ({
  id,
  status,
  ...(waitlistPosition ? { waitlistPosition } : {}),
});

/** The waitlist section is serialised per event anyway: one transaction at a time, with whoever has arrived. */
const WAITLIST_BATCH_LIMITS = { running: 1, size: 100 };

/**
 * The common registration — no invitation, no delegation, and a free seat or no capacity limit — as ONE
 * SQL statement: the seat claims, the registrations, their mails and the mails' queue jobs commit
 * together or not at all, in one round trip, holding no lock but the claimed seats' rows. Registrations
 * for the same event that arrive while earlier statements run share the next statement, so a rush costs
 * one round trip and one commit per batch rather than per person. The statement re-checks the event
 * (published, inside its registration window, approval and capacity as read) so a change made since
 * the event was read is never overlooked. A registration it does not write — the event changed, the
 * person is registered already, or no seat is free and they belong on the waitlist — goes on to the
 * caller's full transactional path, which decides and explains.
 */
@Injectable()
export class QuickRegistrations {
  /**
   * Events as last read for registration, by the id or slug asked for: a guess that saves a round trip,
   * never trusted, since the quick statement re-checks everything the guess decided (see `statement`).
   */
  private readonly known = new Map<string, RegistrationTarget>();
  private readonly withSeat: string;
  private readonly withoutSeat: string;
  private readonly seatOrWaitlistStatement: string;
  private readonly lockWaitlistIfStillOpen: string;
  private readonly waitlistBatches = new StatementBatches<WaitlistBatch, QuickItem, RegistrationOutcome | null>(
    (batch, items) => this.placeAll(batch, items),
    WAITLIST_BATCH_LIMITS,
  );
  private readonly prepared: PreparedStatements;
  private readonly batches = new StatementBatches<QuickBatch, QuickItem, boolean>(
    (batch, items) => this.registerAll(batch, items),
    BATCH_LIMITS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly mailer: RegistrationMailer,
  ) {
    this.prepared = new PreparedStatements(dataSource);
    this.withSeat = this.statement(true);
    this.withoutSeat = this.statement(false);
    this.seatOrWaitlistStatement = this.seatOrWaitlistSql();
    // The event row first (FOR KEY SHARE, as every registration), then the waitlist lock: the global lock order.
    this.lockWaitlistIfStillOpen = `WITH open_event AS (
        SELECT id FROM event WHERE id = $1 AND ${STILL_OPEN_AS_READ('false', 'false', '$2')} FOR KEY SHARE)
      SELECT ${waitlistLockSql('id::text')} FROM open_event`;
  }

  /** The event to register for, by id or slug, with its form, read now; 404 for an unknown event or a draft (as for anyone but its team). */
  async target(slugOrId: string): Promise<RegistrationTarget> {
    const key = keyOf(slugOrId);
    const [target] = isUuid(key)
      ? await this.prepared.run<RegistrationTarget>('registration-target-by-id', TARGET_QUERY('e.id = $1'), [key])
      : await this.prepared.run<RegistrationTarget>('registration-target-by-slug', TARGET_QUERY('e.slug = $1'), [key]);
    if (!target || target.status === 'draft') throw ApiError.notFound('Event');
    if (this.known.size >= KNOWN_EVENTS_LIMIT) this.known.clear();
    this.known.set(key, target);
    return target;
  }

  /** The event as last read by `target` for this id or slug, if any: only for `tryRegister`, which checks it. */
  lastKnownTarget(slugOrId: string): RegistrationTarget | undefined {
    return this.known.get(keyOf(slugOrId));
  }

  /**
   * Registers with the quick statement, or returns null when the full path must decide. The statement
   * writes only if the event, asked for as `slugOrId`, is still as `event` says (status, registration
   * window, approval, capacity limited or not, and the very same form the answers were checked against).
   */
  async tryRegister(slugOrId: string, event: RegistrationTarget, registration: Registration): Promise<RegistrationOutcome | null> {
    const status = registration.status === 'pending' ? 'pending' : 'confirmed';
    const batch: QuickBatch = {
      askedAs: keyOf(slugOrId),
      event,
      form: JSON.stringify(event.formFields),
      status,
      withSeat: status === 'confirmed' && event.capacity !== null,
    };
    const mail = this.mail.queuedOf(
      this.mailer.request(registration, status === 'confirmed' ? 'registration_confirmed' : 'registration_received'),
    );
    const key = JSON.stringify([batch.askedAs, event.id, status, event.approvalRequired, event.capacity === null, batch.form]);
    const written = await refusingDuplicates(registration.email, () => this.batches.submit(key, batch, { registration, mail }));
    if (!written) {
      this.known.delete(batch.askedAs);
      return null;
    }
    this.mail.wake();
    return { id: registration.id, status };
  }

  /** Runs one quick statement for a batch; answers, per registration, whether it was written. */
  private async registerAll({ askedAs, event, form, status, withSeat }: QuickBatch, items: QuickItem[]): Promise<boolean[]> {
    const [registrations, mailRows] = this.batchParameters(items, false);
    const written = await this.prepared.run<{ id: string }>(
      withSeat ? 'quick-registration-with-seat' : 'quick-registration',
      withSeat ? this.withSeat : this.withoutSeat,
      [event.id, registrations, status, event.approvalRequired, event.capacity === null, mailRows, askedAs, form],
    );
    const writtenIds = new Set(written.map((row) => row.id));
    return items.map(({ registration }) => writtenIds.has(registration.id));
  }

  /**
   * For a capacity-limited event without approval, when `tryRegister` found no seat: a seat if one is
   * left, else the end of the waitlist, with the matching mail. Registrations for the event arriving
   * meanwhile share the transaction: the event row FOR KEY SHARE (re-checked as `event` says), then the
   * event's waitlist lock, then one statement for all of them, so the serialised section costs one
   * statement and one commit per batch. Null when the event changed: the caller's full path decides.
   */
  async seatOrWaitlist(event: RegistrationTarget, registration: Registration): Promise<RegistrationOutcome | null> {
    const form = JSON.stringify(event.formFields);
    return refusingDuplicates(registration.email, () =>
      this.waitlistBatches.submit(JSON.stringify([event.id, form]), { eventId: event.id, form }, this.seatedOrWaiting(registration)),
    );
  }

  /** Runs one waitlist transaction for a batch; answers each registration's outcome, or null for all when the event changed. */
  private async placeAll({ eventId, form }: WaitlistBatch, items: QuickItem[]): Promise<(RegistrationOutcome | null)[]> {
    const placed = await this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = await manager.query(this.lockWaitlistIfStillOpen, [eventId, form]);
      if (locked.length === 0) return [];
      const rows: PlacedRow[] = await manager.query(this.seatOrWaitlistStatement, [eventId, ...this.batchParameters(items, true)]);
      this.mail.markEnqueued(manager);
      return rows;
    });
    const byId = new Map(placed.map((row) => [row.id, row]));
    return items.map(({ registration }) => {
      const row = byId.get(registration.id);
      return row ? outcomeOf(row) : null;
    });
  }

  /**
   * One registration inside the caller's transaction (the event read FOR KEY SHARE and its waitlist lock
   * already held): a seat if one is left, else the end of the waitlist, with the matching mail.
   */
  async seatOrWaitlistLocked(manager: EntityManager, registration: Registration): Promise<RegistrationOutcome> {
    const [placed]: PlacedRow[] = await refusingDuplicates(registration.email, () =>
      manager.query(this.seatOrWaitlistStatement, [
        registration.eventId,
        ...this.batchParameters([this.seatedOrWaiting(registration)], true),
      ]),
    );
    this.mail.markEnqueued(manager);
    return outcomeOf(placed);
  }

  /** A registration for the waitlist statement, with its mail if seated (`batchParameters` adds the other). */
  private seatedOrWaiting(registration: Registration): QuickItem {
    return { registration, mail: this.mail.queuedOf(this.mailer.request(registration, 'registration_confirmed')) };
  }

  /**
   * The registrations (`recordOf`) and their mails (`rowsOf`, each with its registration as `causeId`) as
   * JSON parameters; `withWaitlisted` adds each person's `waitlisted` mail beside the one given.
   */
  private batchParameters(items: QuickItem[], withWaitlisted: boolean): [string, string] {
    const mails = items.flatMap(({ registration, mail }) => [
      { ...mail, causeId: registration.id },
      ...(withWaitlisted ? [{ ...this.mail.queuedOf(this.mailer.request(registration, 'waitlisted')), causeId: registration.id }] : []),
    ]);
    return [JSON.stringify(items.map(({ registration }, index) => recordOf(registration, index))), this.mail.rowsOf(mails).rows];
  }

  /**
   * The quick statement. $1 event id, $2 the registrations (`recordOf`), $3 their status, $4–$5 approval
   * and unlimited capacity as read, $6 the mails (`rowsOf`, each with its registration as `causeId`),
   * $7 the id or slug asked for, $8 the form as read. Skips anyone already registered (or twice in the
   * batch); with `withSeat`, writes only the registrations that got a seat, and none while anyone is on
   * the waitlist: a seat free then is for the waitlist section to give (it may be one a delegation
   * member cannot take), never for a newcomer to take past those waiting.
   */
  private statement(withSeat: boolean): string {
    return `WITH open_event AS (
        SELECT id FROM event
        WHERE id = $1 AND (id::text = $7 OR slug = $7) AND ${STILL_OPEN_AS_READ('$4', '$5', '$8')}
        -- Shared with every other registration; waits only for a capacity change (SeatsService.lockForCapacityChange),
        -- and then the conditions above are checked again against the changed row.
        FOR KEY SHARE),
      arrived AS MATERIALIZED (
        SELECT DISTINCT ON (r.email) r.* FROM ${registrationsInput('$2')}
        -- A scalar subquery, not NOT EXISTS: one index probe per person, never an anti-join over the whole event.
        WHERE EXISTS (SELECT 1 FROM open_event) ${withSeat ? `AND ${NOBODY_WAITING}` : ''} AND (
          SELECT 1 FROM registration active
          WHERE active.event_id = $1 AND active.email = r.email AND active.status IN (${ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ')})
          LIMIT 1) IS NULL
        ORDER BY r.email, r.ord),
      ${withSeat ? `${claimSeatsSql('arrived')},` : ''}
      registered AS (
        ${insertRegistration(withSeat ? 'arrived r WHERE r.id IN (SELECT registration_id FROM seated)' : 'arrived r', '$3')}
        RETURNING id),
      ${this.mail.enqueueing('$6', 'm."causeId" IN (SELECT id FROM registered)')}
      SELECT id FROM registered`;
  }

  /**
   * The waitlist statement, holding the event's waitlist lock. $1 event id, $2 the registrations, $3 for
   * each both mails (`batchParameters`). Gives free seats in order of arrival, then places the others at
   * the end of the waitlist, in order, and keeps each person's mail for their outcome.
   */
  private seatOrWaitlistSql(): string {
    const registeredAs = `SELECT id, CASE status WHEN 'confirmed' THEN 'registration_confirmed' ELSE 'waitlisted' END FROM registered`;
    const withPosition = `CASE m."template" WHEN 'waitlisted' THEN jsonb_set(m."data", '{waitlistPosition}', to_jsonb((SELECT waitlist_position FROM registered WHERE id = m."causeId"))) ELSE m."data" END`;
    return `WITH arrived AS MATERIALIZED (SELECT r.* FROM ${registrationsInput('$2')}),
      ${claimSeatsSql('arrived')},
      waiting AS (
        SELECT a.id, (last.position + row_number() OVER (ORDER BY a.ord) - 1)::int AS position
        FROM arrived a, (${NEXT_WAITLIST_POSITION}) AS last
        WHERE a.id NOT IN (SELECT registration_id FROM seated)),
      registered AS (
        ${insertRegistration('arrived r LEFT JOIN waiting ON waiting.id = r.id', `CASE WHEN waiting.id IS NULL THEN 'confirmed' ELSE 'waitlisted' END`, 'waiting.position')}
        RETURNING id, status, waitlist_position),
      ${this.mail.enqueueing('$3', `(m."causeId", m."template") IN (${registeredAs})`, withPosition)}
      SELECT id, status, waitlist_position AS "waitlistPosition" FROM registered`;
  }
}
