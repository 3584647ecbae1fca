import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LinkTokens } from '../auth/link-tokens';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import { isUniqueViolation } from '../common/postgres-errors';
import { randomCode } from '../common/secrets';
import { isUuid } from '../common/uuid';
import { PreparedStatements } from '../database/prepared-statements';
import { foreign } from '../database/sql';
import { StatementBatches } from '../database/statement-batches';
import type { Delegation } from '../delegations/delegation.entity';
import { DelegationsService } from '../delegations/delegations.service';
import type { Invitation } from '../mail/invitation.entity';
import { InvitationsService } from '../mail/invitations.service';
import { MailService } from '../mail/mail.service';
import { initialStatus, IntakePlan, mailOf, Person, planRegistration, Refusal, Submission } from './registration-intake';
import { RegistrationMailer } from './registration-mailer.service';
import * as statements from './registration.sql';
import type { AsRead, NewRegistration, Placed, QuickResult, RegistrationTarget } from './registration.sql';
import type { RegistrationOutcome } from './registration.dto';

/** How many events the writer remembers as last read before it starts afresh. */
const KNOWN_EVENTS_LIMIT = 1000;

/**
 * One quick statement per event at a time (per instance); registrations arriving meanwhile wait and go
 * together in the next (see StatementBatches). More at once cost more PostgreSQL CPU per registration
 * (README.md, "Measurements").
 */
const QUICK_BATCH_LIMITS = { running: 1, size: 100 };

/** The waitlist section is serialised per event anyway: one transaction at a time, with whoever has arrived. */
const WAITLIST_BATCH_LIMITS = { running: 1, size: 100 };

/** An event id or slug as looked up: ids in lower case, as PostgreSQL prints them. */
const keyOf = (slugOrId: string) => (isUuid(slugOrId) ? slugOrId.toLowerCase() : slugOrId);

/** The quick registrations that can share one statement: same event, asked for the same way, planned from the same read. */
interface QuickBatch {
  askedAs: string;
  asRead: AsRead;
}

/** What the quick statement did with one registration: written; skipped (registered already, or no seat); or nothing, the event having changed. */
type QuickAnswer = 'written' | 'skipped' | 'changed';

/** A registration written: its outcome, for the event it was written for. */
export interface Received {
  eventId: string;
  outcome: RegistrationOutcome;
}

/** A batched attempt's result: the registration written, `changed` (plan again from the event read now) or `skipped` (take the transaction). */
export type BatchedResult = Received | 'changed' | 'skipped';

const outcomeOf = ({ id, status, waitlistPosition }: Pick<NewRegistration, 'id' | 'status' | 'waitlistPosition'>): RegistrationOutcome => ({
  id,
  status,
  ...(waitlistPosition ? { waitlistPosition } : {}),
});

/** The 400 or 403/409 of a plan that does not admit. */
export function errorOf(plan: Exclude<IntakePlan, { kind: 'admitted' }>): ApiError {
  if (plan.kind === 'invalid') return invalidFields(plan.errors);
  const refusal: Refusal = plan.refusal;
  return new ApiError(refusal.code, refusal.message);
}

/** Maps a duplicate active registration to 409, whichever statement inserted it. */
async function refusingDuplicates<T>(email: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if (isUniqueViolation(error, 'uq_registration_event_email_active'))
      throw new ApiError('REGISTRATION_EXISTS', `${email} is already registered for this event`);
    throw error;
  }
}

/**
 * Carries out registration plans (registration-intake.ts) and reads the events they are made from.
 *
 * - **Batched** (no invitation, no delegation): the quick statement registers without a transaction, in
 *   one round trip; registrations for the same event arriving while one runs share the next, so a rush
 *   costs one statement and one commit per batch. When no seat was free (or someone is waiting), the
 *   waitlist batch places them under the event's waitlist lock, again one transaction per batch. Both
 *   re-check the event as read (registration-rules.ts, as SQL) and answer `changed` if it is not.
 * - **Transaction** (an invitation to use, a delegation to join, or a batched attempt skipped): the event
 *   read FOR KEY SHARE and planned from, then the invitation, the delegation and the seat or waitlist.
 *
 * Every registration row is written by a statement of registration.sql.ts; every mail is built here,
 * in TypeScript, and enqueued on the statement or transaction that writes its registration.
 */
@Injectable()
export class RegistrationWriter {
  /** Events as last read, by the id or slug asked for: a guess that saves a round trip, never trusted (the statements re-check it). */
  private readonly known = new Map<string, RegistrationTarget>();
  private readonly prepared: PreparedStatements;
  private readonly quick = new StatementBatches<QuickBatch, NewRegistration, QuickAnswer>(
    (batch, registrations) => this.registerAll(batch, registrations),
    QUICK_BATCH_LIMITS,
  );
  private readonly waitlist = new StatementBatches<AsRead, NewRegistration, Placed | null>(
    (asRead, registrations) => this.placeAll(asRead, registrations),
    WAITLIST_BATCH_LIMITS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly mailer: RegistrationMailer,
    private readonly linkTokens: LinkTokens,
    private readonly delegations: DelegationsService,
    private readonly invitations: InvitationsService,
  ) {
    this.prepared = new PreparedStatements(dataSource);
  }

  /** The event to register for, read now; 404 for an unknown event or a draft (as for anyone but its team). */
  async read(slugOrId: string): Promise<RegistrationTarget> {
    const key = keyOf(slugOrId);
    const [event] = await this.prepared.run<RegistrationTarget>(statements.target(key, { locked: false }));
    if (!event || event.status === 'draft') throw ApiError.notFound('Event');
    if (this.known.size >= KNOWN_EVENTS_LIMIT) this.known.clear();
    this.known.set(key, event);
    return event;
  }

  /** The event as last read for this id or slug, if any: only to plan a batched attempt, which re-checks it. */
  lastKnown(slugOrId: string): RegistrationTarget | undefined {
    return this.known.get(keyOf(slugOrId));
  }

  /** Carries out a batched plan made from `event`, asked for as `slugOrId`. */
  async tryBatched(slugOrId: string, event: RegistrationTarget, plan: Extract<IntakePlan, { kind: 'admitted' }>): Promise<BatchedResult> {
    const askedAs = keyOf(slugOrId);
    const asRead: AsRead = { eventId: event.id, admission: plan.admission, form: event.formFields };
    const registration = this.newRegistration(event.id, plan.person, initialStatus(plan.admission), null);
    const form = JSON.stringify(event.formFields);
    const answer = await refusingDuplicates(registration.email, () =>
      this.quick.submit([askedAs, event.id, plan.admission, form].join('\n'), { askedAs, asRead }, registration),
    );
    if (answer === 'written') {
      this.mail.wake();
      return { eventId: event.id, outcome: outcomeOf(registration) };
    }
    if (answer === 'changed') {
      this.known.delete(askedAs);
      return 'changed';
    }
    if (plan.admission !== 'seat-or-waitlist') return 'skipped';
    // No seat was free, or someone is waiting: the waitlist section, shared with others arriving for it.
    const placed = await refusingDuplicates(registration.email, () =>
      this.waitlist.submit([event.id, form].join('\n'), asRead, registration),
    );
    return placed ? { eventId: event.id, outcome: outcomeOf(placed) } : 'changed';
  }

  /** Runs one quick statement for a batch, each registration with its mail. */
  private async registerAll({ askedAs, asRead }: QuickBatch, registrations: NewRegistration[]): Promise<QuickAnswer[]> {
    const mails = registrations.map((registration) => ({
      ...this.mail.queuedOf(this.mailer.request(registration, mailOf(registration.status as 'pending' | 'confirmed'))),
      causeId: registration.id,
    }));
    const { rows } = this.mail.rowsOf(mails);
    const status = initialStatus(asRead.admission);
    const [result] = await this.prepared.run<QuickResult>(
      statements.quickRegistration(asRead, {
        askedAs,
        status,
        withSeat: asRead.admission === 'seat-or-waitlist',
        records: statements.recordsOf(registrations),
        mails: foreign([rows], ([param]) => this.mail.enqueueing(param, `m."causeId" IN (SELECT id FROM ${statements.REGISTERED})`)),
      }),
    );
    const written = new Set(result.written);
    return registrations.map(({ id }) => (written.has(id) ? 'written' : result.asRead ? 'skipped' : 'changed'));
  }

  /**
   * Runs one waitlist transaction for a batch: the event row FOR KEY SHARE (re-checked as read), its
   * waitlist lock, the seats and places, and their mails. Null for all when the event changed.
   */
  private placeAll(asRead: AsRead, registrations: NewRegistration[]): Promise<(Placed | null)[]> {
    return this.dataSource.transaction(async (manager) => {
      const lock = statements.lockWaitlistIfStillAsRead(asRead);
      const locked: unknown[] = await manager.query(lock.text, lock.values);
      if (locked.length === 0) return registrations.map(() => null);
      return this.place(manager, asRead.eventId, registrations);
    });
  }

  /** Under the waitlist lock: a seat or the end of the waitlist for each, in order, each mailed its outcome. */
  private async place(manager: EntityManager, eventId: string, registrations: NewRegistration[], mailed = true): Promise<Placed[]> {
    const statement = statements.seatOrWaitlist(eventId, statements.recordsOf(registrations));
    const rows: Placed[] = await manager.query(statement.text, statement.values);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const placed = registrations.map(({ id }) => byId.get(id)!);
    if (!mailed) return placed;
    await this.mail.enqueueMany(
      manager,
      registrations.map((registration, index) => {
        const { status, waitlistPosition } = placed[index];
        return this.mailer.request({ ...registration, waitlistPosition }, mailOf(status));
      }),
    );
    return placed;
  }

  /**
   * A registration in one transaction: the event read FOR KEY SHARE (a capacity being set waits for this
   * registration, or this one for it: SeatsService.lockForCapacityChange) and planned from, the invitation
   * used up, the delegation joined, then a seat or the waitlist under the event's waitlist lock.
   */
  async inTransaction(slugOrId: string, submission: Submission): Promise<Received> {
    return this.dataSource.transaction((manager) => this.inTransactionOf(manager, slugOrId, submission));
  }

  /**
   * As `inTransaction`, on the caller's transaction (a focal point's nomination or replacement, src/accreditation).
   * `mailed: false` leaves the registrant's status mail out: the caller enqueues its own (the nomination) on `manager`.
   */
  async inTransactionOf(manager: EntityManager, slugOrId: string, submission: Submission, { mailed = true } = {}): Promise<Received> {
    const read = statements.target(keyOf(slugOrId), { locked: true });
    const [event]: RegistrationTarget[] = await manager.query(read.text, read.values);
    if (!event || event.status === 'draft') throw ApiError.notFound('Event');
    const plan = planRegistration(event, submission);
    if (plan.kind !== 'admitted') throw errorOf(plan);
    const { dto } = submission;
    const invitation = dto.invitationToken ? await this.useInvitation(manager, event, dto.invitationToken, dto.email) : null;
    const delegation = await this.delegationOf(manager, event, dto.delegationCode, invitation);
    const registration = this.newRegistration(event.id, plan.person, initialStatus(plan.admission), delegation);
    // Delegation members too: the waitlist lock first, then the delegation row (the global lock order).
    if (plan.admission === 'seat-or-waitlist' || delegation) {
      const lock = statements.lockWaitlist(event.id);
      await manager.query(lock.text, lock.values);
    }
    if (plan.admission === 'seat-or-waitlist') {
      const [placed] = await refusingDuplicates(registration.email, () => this.place(manager, event.id, [registration], mailed));
      if (delegation) {
        await this.delegations.reservePlace(manager, delegation);
        // A waitlisted member gives the delegation's place back until promoted.
        if (placed.status === 'waitlisted') await this.delegations.releasePlace(manager, delegation.id);
      }
      return { eventId: event.id, outcome: outcomeOf(placed) };
    }
    const insert = statements.insert(event.id, statements.recordsOf([registration]), initialStatus(plan.admission));
    await refusingDuplicates(registration.email, () => manager.query(insert.text, insert.values));
    if (delegation) await this.delegations.reservePlace(manager, delegation);
    if (mailed) await this.mail.enqueue(manager, this.mailer.request(registration, mailOf(registration.status as 'pending' | 'confirmed')));
    return { eventId: event.id, outcome: outcomeOf(registration) };
  }

  /** A new registration for the plan's person (not yet stored), with its secrets: the manage token's hash and the badge code. */
  private newRegistration(
    eventId: string,
    person: Person,
    status: 'pending' | 'confirmed',
    delegation: Delegation | null,
  ): NewRegistration {
    const id = randomUUID();
    return {
      ...person,
      id,
      eventId,
      delegationId: delegation?.id ?? null,
      isHeadOfDelegation: delegation?.headEmail === person.email,
      status,
      waitlistPosition: null,
      manageTokenHash: this.linkTokens.hashFor('manage', id),
      badgeCode: randomCode(16),
    };
  }

  /**
   * The invitation's one-time token is used up by this registration, atomically, if it is for this
   * person (its email) or transferable. At an invite-only event any other token is refused; at an open
   * event it is ignored (the person registers without it).
   */
  private async useInvitation(manager: EntityManager, event: RegistrationTarget, token: string, email: string): Promise<Invitation | null> {
    const used = await this.invitations.consume(manager, event.id, token, email);
    if (typeof used !== 'string') return used;
    if (!event.inviteOnly) return null;
    if (used === 'other_email') {
      throw new ApiError(
        'INVITATION_FOR_ANOTHER_EMAIL',
        'This invitation was sent to another email address: register with the address it was sent to, or ask the organisers for an invitation of your own',
        {
          details: [{ field: 'email', message: 'is not the address this invitation was sent to' }],
        },
      );
    }
    throw ApiError.forbidden('This invitation link is not valid for this event, or has already been used');
  }

  /** The delegation the person joins: the invitation's if it names one (a code given must be that delegation's), else the code's. */
  private async delegationOf(
    manager: EntityManager,
    event: RegistrationTarget,
    code: string | undefined,
    invitation: Invitation | null,
  ): Promise<Delegation | null> {
    const invited = invitation?.delegationId ? await this.delegations.findInEvent(manager, event.id, invitation.delegationId) : null;
    const coded = code ? await this.delegations.findByCode(manager, event.id, code) : null;
    if (invited && coded && invited.id !== coded.id)
      throw ApiError.invalidField('delegationCode', 'is not the code of the delegation your invitation is for');
    return invited ?? coded;
  }
}
