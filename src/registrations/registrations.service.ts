import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { sha256Hex } from '../common/secrets';
import { DelegationsService } from '../delegations/delegations.service';
import { DocumentReferencesService } from '../documents/document-references.service';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { validateBody } from '../common/validate-body';
import { planRegistration, Submission, takesTransaction } from './registration-intake';
import { CreateRegistrationDto, RegistrationOutcome, SkippedRegistration } from './registration.dto';
import { Registration, RegistrationStatus } from './registration.entity';
import { RegistrationMailer } from './registration-mailer.service';
import { errorOf, Received, RegistrationWriter } from './registration-writer.service';
import { SeatsService } from './seats.service';

/** The refusals that skip a registration in a bulk action (its state, not the request, is at fault). */
const SKIPPED_CODES: string[] = ['NOT_PENDING', 'NOT_ACTIVE'];

/**
 * Registration and its life cycle. Capacity: a confirmed registration holds one of the event's seats
 * (see SeatsService); pending registrations (awaiting approval) do not hold a seat — approval claims
 * one, or puts the person on the waitlist when none is left. Delegation quotas count pending and
 * confirmed members, under the delegation's row lock.
 */
@Injectable()
export class RegistrationsService {
  private readonly logger = new Logger(RegistrationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly seats: SeatsService,
    private readonly delegations: DelegationsService,
    private readonly mailer: RegistrationMailer,
    private readonly writer: RegistrationWriter,
    private readonly documents: DocumentReferencesService,
  ) {}

  /**
   * Seats follow the event's capacity. A raised capacity promotes from the waitlist at once, in order; a
   * removed limit confirms everyone on it, in order; both before any newcomer can have a seat, since a
   * capacity change first waits for the registrations under way and holds back new ones until it commits
   * (SeatsService.lockForCapacityChange, taken before the waitlist lock: the global lock order). Called
   * by EventChanges inside the transaction that creates or changes the event, `event` as it will be saved.
   */
  async followCapacity(manager: EntityManager, event: Event): Promise<void> {
    await this.seats.lockForCapacityChange(manager, event.id, event.capacity);
    await this.seats.lockWaitlist(manager, event.id);
    await this.seats.setCapacity(manager, event.id, event.capacity);
    await this.promote(manager, event);
  }

  /**
   * A registration as submitted (the API's body, the register page's form): the person's details and the
   * answers to the event's form are checked together, so one 400 names every wrong field.
   */
  async registerSubmitted(slugOrId: string, body: unknown): Promise<RegistrationOutcome> {
    const { dto, errors } = await validateBody(CreateRegistrationDto, body, ['answers']);
    return this.intake(slugOrId, { dto, errors });
  }

  /**
   * A focal point's nominee (src/accreditation), on the caller's transaction: checked as `registerSubmitted`
   * checks a registration, joining the delegation whose code the body names under its quota lock (the same
   * writer and locks as any delegation member), admitted at an invite-only event (the nomination stands for
   * an invitation), and without the status mail (the caller mails the nomination).
   */
  async nominateIn(manager: EntityManager, eventId: string, body: unknown): Promise<RegistrationOutcome> {
    const { dto, errors } = await validateBody(CreateRegistrationDto, body, ['answers']);
    const { outcome } = await this.writer.inTransactionOf(manager, eventId, { dto, errors, nominated: true }, { mailed: false });
    this.logger.log({ eventId, registrationId: outcome.id, status: outcome.status }, 'Nomination received');
    return outcome;
  }

  /** A registration already validated as a CreateRegistrationDto (e.g. the demo seed's). */
  register(slugOrId: string, dto: CreateRegistrationDto): Promise<RegistrationOutcome> {
    return this.intake(slugOrId, { dto, errors: [] });
  }

  /**
   * Plans the registration from the event (registration-intake.ts) and has the writer carry the plan out.
   * Batched first with the event as last read, saving a round trip (the statement re-checks it), then with
   * the event read now, where a refusal comes from; invitations, delegations and anything the batch could
   * not write go through one transaction, which reads the event itself.
   */
  private async intake(slugOrId: string, submission: Submission): Promise<RegistrationOutcome> {
    const { eventId, outcome } = takesTransaction(submission.dto)
      ? await this.writer.inTransaction(slugOrId, submission)
      : await this.batched(slugOrId, submission);
    this.logger.log({ eventId, registrationId: outcome.id, status: outcome.status }, 'Registration received');
    return outcome;
  }

  private async batched(slugOrId: string, submission: Submission): Promise<Received> {
    const lastKnown = this.writer.lastKnown(slugOrId);
    if (lastKnown) {
      const plan = planRegistration(lastKnown, submission);
      const result = plan.kind === 'admitted' ? await this.writer.tryBatched(slugOrId, lastKnown, plan) : 'changed';
      if (result === 'skipped') return this.writer.inTransaction(slugOrId, submission);
      if (result !== 'changed') return result;
    }
    const event = await this.writer.read(slugOrId);
    const plan = planRegistration(event, submission);
    if (plan.kind !== 'admitted') throw errorOf(plan);
    const result = await this.writer.tryBatched(slugOrId, event, plan);
    // Skipped (registered already, as the transaction will say) or changed since it was read: the transaction decides.
    return typeof result === 'string' ? this.writer.inTransaction(slugOrId, submission) : result;
  }

  /**
   * Gives a stored registration a seat, or the next place on the waitlist (a waitlisted delegation member
   * gives the delegation's place back). Call while holding the event's waitlist lock.
   */
  private async seatOrWaitlist(manager: EntityManager, event: Event, registration: Registration): Promise<void> {
    if ((await this.seats.claimSeat(manager, event.id, registration.id)) !== null) return;
    registration.status = 'waitlisted';
    registration.waitlistPosition = await this.seats.nextWaitlistPosition(manager, event.id);
    await manager.update(Registration, { id: registration.id }, { status: 'waitlisted', waitlistPosition: registration.waitlistPosition });
    if (registration.delegationId) await this.delegations.releasePlace(manager, registration.delegationId);
  }

  /**
   * Approval by an organiser (the route checked the role, before this takes any lock): a pending
   * registration gets a seat, or the end of the waitlist, and the mail of its new status. `actorUserId`
   * goes into the history.
   */
  async approve({ id, eventId }: AuthorisedTarget, actorUserId: string | null = null): Promise<RegistrationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockedEvent(manager, eventId);
      const registration = await this.lockedRegistration(manager, id);
      if (registration.status !== 'pending')
        throw new ApiError('NOT_PENDING', `Only pending registrations can be approved; this one is ${registration.status}`);
      registration.status = 'confirmed';
      await manager.update(Registration, { id }, { status: 'confirmed' });
      if (event.capacity !== null) await this.seatOrWaitlist(manager, event, registration);
      await this.recordSteps(manager, [{ id, from: 'pending', to: registration.status }], actorUserId);
      await this.mailer.statusMail(manager, registration);
      return {
        id,
        status: registration.status,
        ...(registration.waitlistPosition ? { waitlistPosition: registration.waitlistPosition } : {}),
      };
    });
  }

  /**
   * Rejection by an organiser (the route checked the role, before this takes any lock): the registration
   * leaves (its seat or place freed, the waitlist promoted) and is mailed, with `reason` when given.
   */
  async reject(
    { id, eventId }: AuthorisedTarget,
    reason: string | null = null,
    actorUserId: string | null = null,
  ): Promise<RegistrationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockedEvent(manager, eventId);
      const registration = await this.lockedRegistration(manager, id);
      if (!['pending', 'confirmed', 'waitlisted'].includes(registration.status)) {
        throw new ApiError('NOT_ACTIVE', `This registration is already ${registration.status}`);
      }
      await this.leave(manager, event, registration, 'rejected', { actorUserId, reason });
      await this.mailer.statusMail(manager, { ...registration, status: 'rejected' }, reason);
      return { id, status: 'rejected' as const };
    });
  }

  /**
   * Approves each of the event's registrations in `ids` (the route checked the organiser role at the
   * event, before any lock), one transaction each through `approve`: the same rule and mail. An id that
   * is not a registration of this event refuses the whole request (400 naming it) before anything
   * changes; a registration that is not pending is skipped with the reason.
   */
  async approveMany(
    eventId: string,
    ids: string[],
    user: AuthenticatedUser,
  ): Promise<{ approved: RegistrationOutcome[]; skipped: SkippedRegistration[] }> {
    const { done, skipped } = await this.each(eventId, ids, (id) => this.approve({ id, eventId }, user.id));
    return { approved: done, skipped };
  }

  /** Rejects each of the event's registrations in `ids`, as `approveMany` approves them, through `reject` (`reason` into each mail). */
  async rejectMany(
    eventId: string,
    ids: string[],
    reason: string | null,
    user: AuthenticatedUser,
  ): Promise<{ rejected: RegistrationOutcome[]; skipped: SkippedRegistration[] }> {
    const { done, skipped } = await this.each(eventId, ids, (id) => this.reject({ id, eventId }, reason, user.id));
    return { rejected: done, skipped };
  }

  /** Runs `step` for each distinct id, in order, once all were found in the event; a refusal of the registration's state skips it. */
  private async each(
    eventId: string,
    ids: string[],
    step: (id: string) => Promise<RegistrationOutcome>,
  ): Promise<{ done: RegistrationOutcome[]; skipped: SkippedRegistration[] }> {
    const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = new Set(
      (await this.dataSource.getRepository(Registration).find({ where: { eventId, id: In(distinct) }, select: { id: true } })).map(
        (registration) => registration.id,
      ),
    );
    const index = distinct.findIndex((id) => !found.has(id));
    if (index >= 0) {
      throw ApiError.invalidField(
        `ids.${ids.findIndex((id) => id.toLowerCase() === distinct[index])}`,
        `${distinct[index]} is not a registration of this event`,
      );
    }
    const done: RegistrationOutcome[] = [];
    const skipped: SkippedRegistration[] = [];
    for (const id of distinct) {
      try {
        done.push(await step(id));
      } catch (error) {
        if (!(error instanceof ApiError) || !SKIPPED_CODES.includes(error.code)) throw error;
        skipped.push({ id, reason: error.message });
      }
    }
    return { done, skipped };
  }

  /** Cancellation by the registrant, through the secret link. */
  async cancelByToken(token: string): Promise<RegistrationOutcome> {
    return this.cancel({ manageTokenHash: sha256Hex(token) });
  }

  /** An organiser cancels a registration of their event (the route authorised it), as the registrant would. */
  async cancelById({ id, eventId }: AuthorisedTarget, actorUserId: string): Promise<RegistrationOutcome> {
    return this.cancel({ id, eventId }, actorUserId);
  }

  /** Cancels a registration of the event on the caller's transaction (a focal point withdrawing or replacing a member; no user acts). */
  cancelIn(manager: EntityManager, { id, eventId }: AuthorisedTarget): Promise<RegistrationOutcome> {
    return this.cancelWith(manager, { id, eventId }, null);
  }

  private async cancel(where: Partial<Pick<Registration, 'id' | 'eventId' | 'manageTokenHash'>>, actorUserId: string | null = null) {
    return this.dataSource.transaction((manager) => this.cancelWith(manager, where, actorUserId));
  }

  private async cancelWith(
    manager: EntityManager,
    where: Partial<Pick<Registration, 'id' | 'eventId' | 'manageTokenHash'>>,
    actorUserId: string | null,
  ): Promise<RegistrationOutcome> {
    const found = await manager.findOneBy(Registration, where);
    if (!found) throw ApiError.notFound('Registration');
    // The event row before the waitlist lock (the global order; see lockedEvent).
    const event = await this.events.getById(found.eventId, manager, 'for_key_share');
    await this.seats.lockWaitlist(manager, event.id);
    const registration = await manager.findOneOrFail(Registration, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
    if (registration.status === 'cancelled') return { id: registration.id, status: 'cancelled' as const };
    if (registration.status === 'rejected') throw new ApiError('NOT_ACTIVE', 'This registration was declined');
    await this.leave(manager, event, registration, 'cancelled', { actorUserId });
    return { id: registration.id, status: 'cancelled' as const };
  }

  /**
   * A registration stops being active: frees its seat or waitlist place and its delegation place, then
   * promotes from the waitlist. Call while holding the event's waitlist lock.
   */
  private async leave(
    manager: EntityManager,
    event: Event,
    registration: Registration,
    status: 'cancelled' | 'rejected',
    { actorUserId = null, reason = null }: { actorUserId?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    const was = registration.status;
    await this.recordSteps(manager, [{ id: registration.id, from: was, to: status }], actorUserId, reason);
    await manager.update(
      Registration,
      { id: registration.id },
      { status, waitlistPosition: null, cancelledAt: status === 'cancelled' ? new Date() : null },
    );
    // Issue 18: the person's visa letters stop being valid with the registration (/verify then says revoked).
    await this.documents.revokeAllOf(manager, registration.id, 'visa_letter', `registration ${status}`);
    if (was === 'waitlisted') await this.seats.closeWaitlistGap(manager, event.id, registration.waitlistPosition!);
    if (registration.delegationId && (was === 'pending' || was === 'confirmed'))
      await this.delegations.releasePlace(manager, registration.delegationId);
    if (was === 'confirmed') {
      await this.seats.releaseSeat(manager, registration.id);
      await this.promote(manager, event);
    }
  }

  /**
   * Fills free seats from the head of the waitlist, in order (everyone on it, in order, when the event has
   * no limit); a waitlisted delegation member whose delegation is now full stays on the list and the next
   * person is promoted. Each promoted person is mailed. Call while holding the event's waitlist lock.
   */
  async promote(manager: EntityManager, event: Event): Promise<Registration[]> {
    const promoted: Registration[] = [];
    const waiting = await manager.find(Registration, {
      where: { eventId: event.id, status: 'waitlisted' },
      order: { waitlistPosition: 'ASC' },
    });
    for (const candidate of waiting) {
      if (candidate.delegationId && !(await this.delegations.tryReservePlace(manager, candidate.delegationId))) continue;
      if (event.capacity !== null && (await this.seats.claimSeat(manager, event.id, candidate.id)) === null) {
        if (candidate.delegationId) await this.delegations.releasePlace(manager, candidate.delegationId);
        break;
      }
      promoted.push(candidate);
    }
    if (promoted.length === 0) return promoted;
    await manager.update(
      Registration,
      { id: In(promoted.map((registration) => registration.id)) },
      { status: 'confirmed', waitlistPosition: null },
    );
    await this.recordSteps(
      manager,
      promoted.map((registration) => ({ id: registration.id, from: 'waitlisted' as const, to: 'confirmed' as const })),
    );
    await this.renumberWaitlist(manager, event.id);
    await this.mailer.promoted(manager, promoted);
    return promoted;
  }

  /** Adds steps to the registrations' history (registration_status_change), in the caller's transaction. */
  private async recordSteps(
    manager: EntityManager,
    steps: { id: string; from: RegistrationStatus; to: RegistrationStatus }[],
    actorUserId: string | null = null,
    reason: string | null = null,
  ): Promise<void> {
    if (steps.length === 0) return;
    await manager.query(
      `INSERT INTO registration_status_change (registration_id, from_status, to_status, actor_user_id, reason)
       SELECT id, from_status, to_status, $4, $5 FROM unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS s(id, from_status, to_status)`,
      [steps.map((step) => step.id), steps.map((step) => step.from), steps.map((step) => step.to), actorUserId, reason],
    );
  }

  private async renumberWaitlist(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `UPDATE registration r SET waitlist_position = ranked.position
       FROM (SELECT id, row_number() OVER (ORDER BY waitlist_position, created_at)::int AS position
             FROM registration WHERE event_id = $1 AND status = 'waitlisted') ranked
       WHERE r.id = ranked.id AND r.waitlist_position IS DISTINCT FROM ranked.position`,
      [eventId],
    );
  }

  /**
   * The event, read FOR KEY SHARE, then its waitlist lock (the global lock order: a capacity change locks
   * the event row FOR UPDATE before the waitlist lock, and the mails written under the waitlist lock take
   * the event row FOR KEY SHARE through their foreign key). A capacity change waits for this transaction
   * or this one for it, so the event is as it is now until the transaction ends.
   */
  private async lockedEvent(manager: EntityManager, eventId: string): Promise<Event> {
    const event = await this.events.getById(eventId, manager, 'for_key_share');
    await this.seats.lockWaitlist(manager, event.id);
    return event;
  }

  /** The registration, locked for a status change (taken after the waitlist lock). */
  private async lockedRegistration(manager: EntityManager, id: string): Promise<Registration> {
    const registration = await manager.findOne(Registration, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!registration) throw ApiError.notFound('Registration');
    return registration;
  }
}
