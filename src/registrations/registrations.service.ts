import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import { randomUUID } from 'node:crypto';
import { LinkTokens } from '../auth/link-tokens';
import { randomCode, sha256Hex } from '../common/secrets';
import { DelegationsService } from '../delegations/delegations.service';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { registrationClosesAt } from '../events/registration-window';
import { validateAnswers } from './form-answers';
import { validateBody } from '../common/validate-body';
import { CreateRegistrationDto, RegistrationOutcome } from './registration.dto';
import { Answers, Registration } from './registration.entity';
import { InvitationsService } from '../mail/invitations.service';
import type { Invitation } from '../mail/invitation.entity';
import type { Delegation } from '../delegations/delegation.entity';
import { RegistrationMailer } from './registration-mailer.service';
import { QuickRegistrations, RegistrationTarget, refusingDuplicates } from './quick-registrations.service';
import { SeatsService } from './seats.service';

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
    private readonly linkTokens: LinkTokens,
    private readonly mailer: RegistrationMailer,
    private readonly invitations: InvitationsService,
    private readonly quick: QuickRegistrations,
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
    if (errors.length > 0) {
      const answerErrors = errors.some((error) => error.field === 'answers')
        ? []
        : validateAnswers((await this.quick.target(slugOrId)).formFields, dto.answers).errors;
      throw invalidFields([...errors, ...answerErrors]);
    }
    return this.register(slugOrId, dto);
  }

  async register(slugOrId: string, dto: CreateRegistrationDto): Promise<RegistrationOutcome> {
    // First with the event as last read, if it passes every check (the statement re-checks it), saving a
    // round trip; then, or else, with the event read now, where a refusal comes from.
    const lastKnown = this.quick.lastKnownTarget(slugOrId);
    let triedAs: string | undefined;
    if (lastKnown && canRegisterQuickly(lastKnown, dto)) {
      const { answers, errors } = validateAnswers(lastKnown.formFields, dto.answers);
      if (errors.length === 0) {
        triedAs = JSON.stringify(lastKnown);
        const quick = await this.quick.tryRegister(slugOrId, lastKnown, this.newRegistration(lastKnown, dto, answers, null, false));
        if (quick) return this.received(lastKnown.id, quick);
      }
    }
    const target = await this.quick.target(slugOrId);
    assertRegistrationOpen(target);
    const { answers, errors } = validateAnswers(target.formFields, dto.answers);
    if (errors.length > 0) throw invalidFields(errors);
    if (target.inviteOnly && !dto.invitationToken)
      throw ApiError.forbidden('This event is by invitation only: register through the link in your invitation');

    const quickly = canRegisterQuickly(target, dto);
    // Not again for an event unchanged since the attempt above (e.g. no seat left: the waitlist decides).
    if (quickly && triedAs !== JSON.stringify(target)) {
      const quick = await this.quick.tryRegister(slugOrId, target, this.newRegistration(target, dto, answers, null, false));
      if (quick) return this.received(target.id, quick);
    }
    // No seat was free: the waitlist, in a transaction shared with others arriving for it.
    if (quickly && !target.approvalRequired && target.capacity !== null) {
      const placed = await this.quick.seatOrWaitlist(target, this.newRegistration(target, dto, answers, null, false));
      if (placed) return this.received(target.id, placed);
    }
    // The full path: invitations, delegations, or an event that changed meanwhile.
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Read in the transaction, FOR KEY SHARE: a capacity being set waits for this registration, or this one for it (SeatsService.lockForCapacityChange).
      const event = await this.events.getById(target.id, manager, 'for_key_share');
      assertRegistrationOpen(event);
      const invitation = dto.invitationToken ? await this.useInvitation(manager, event, dto) : null;
      const delegation = await this.delegationOf(manager, event, dto, invitation);
      if (!delegation && !event.approvalRequired && event.capacity !== null) {
        // A seat or the waitlist: one statement under the event's waitlist lock.
        await this.seats.lockWaitlist(manager, event.id);
        return this.quick.seatOrWaitlistLocked(manager, this.newRegistration(event, dto, answers, null, false));
      }
      // Delegation members: the waitlist lock first, then the delegation row (the global lock order).
      if (delegation) await this.seats.lockWaitlist(manager, event.id);
      const registration = await this.insert(
        manager,
        this.newRegistration(event, dto, answers, delegation?.id ?? null, delegation?.headEmail === dto.email),
      );
      if (delegation) await this.delegations.reservePlace(manager, delegation);
      if (registration.status === 'confirmed' && event.capacity !== null) await this.seatOrWaitlist(manager, event, registration);
      await this.mailer.statusMail(manager, registration);
      return {
        id: registration.id,
        status: registration.status,
        ...(registration.waitlistPosition ? { waitlistPosition: registration.waitlistPosition } : {}),
      };
    });
    return this.received(target.id, outcome);
  }

  private received(eventId: string, outcome: RegistrationOutcome): RegistrationOutcome {
    this.logger.log({ eventId, registrationId: outcome.id, status: outcome.status }, 'Registration received');
    return outcome;
  }

  /** A new registration as submitted (not yet stored): confirmed, or pending when the event needs approval. */
  private newRegistration(
    event: Pick<Event, 'id' | 'approvalRequired'>,
    dto: CreateRegistrationDto,
    answers: Answers,
    delegationId: string | null,
    isHead: boolean,
  ): Registration {
    const id = randomUUID();
    return this.dataSource.manager.create(Registration, {
      id,
      eventId: event.id,
      email: dto.email,
      honorific: dto.honorific ?? null,
      givenName: dto.givenName,
      familyName: dto.familyName,
      jobTitle: dto.jobTitle ?? null,
      organisation: dto.organisation ?? null,
      nationality: dto.nationality ?? null,
      category: dto.category ?? 'delegate',
      answers,
      delegationId,
      isHeadOfDelegation: isHead,
      status: event.approvalRequired ? 'pending' : 'confirmed',
      waitlistPosition: null,
      manageTokenHash: this.linkTokens.hashFor('manage', id),
      badgeCode: randomCode(16),
    });
  }

  private async insert(manager: EntityManager, registration: Registration): Promise<Registration> {
    await refusingDuplicates(registration.email, () => manager.insert(Registration, registration));
    return registration;
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
   * The invitation's one-time token is used up by this registration, atomically, if it is for this
   * person (its email) or transferable. At an invite-only event any other token is refused; at an open
   * event it is ignored (the person registers without it).
   */
  private async useInvitation(manager: EntityManager, event: Event, dto: CreateRegistrationDto): Promise<Invitation | null> {
    const used = await this.invitations.consume(manager, event.id, dto.invitationToken ?? '', dto.email);
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
    event: Event,
    dto: CreateRegistrationDto,
    invitation: Invitation | null,
  ): Promise<Delegation | null> {
    const invited = invitation?.delegationId ? await this.delegations.findInEvent(manager, event.id, invitation.delegationId) : null;
    const coded = dto.delegationCode ? await this.delegations.findByCode(manager, event.id, dto.delegationCode) : null;
    if (invited && coded && invited.id !== coded.id)
      throw ApiError.invalidField('delegationCode', 'is not the code of the delegation your invitation is for');
    return invited ?? coded;
  }

  /** Approval by an organiser (the route checked the role, before this takes any lock). */
  async approve({ id, eventId }: AuthorisedTarget): Promise<RegistrationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockedEvent(manager, eventId);
      const registration = await this.lockedRegistration(manager, id);
      if (registration.status !== 'pending')
        throw new ApiError('NOT_PENDING', `Only pending registrations can be approved; this one is ${registration.status}`);
      registration.status = 'confirmed';
      await manager.update(Registration, { id }, { status: 'confirmed' });
      if (event.capacity !== null) await this.seatOrWaitlist(manager, event, registration);
      await this.mailer.statusMail(manager, registration);
      return {
        id,
        status: registration.status,
        ...(registration.waitlistPosition ? { waitlistPosition: registration.waitlistPosition } : {}),
      };
    });
  }

  /** Rejection by an organiser (the route checked the role, before this takes any lock). */
  async reject({ id, eventId }: AuthorisedTarget, reason: string | null = null): Promise<RegistrationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockedEvent(manager, eventId);
      const registration = await this.lockedRegistration(manager, id);
      if (!['pending', 'confirmed', 'waitlisted'].includes(registration.status)) {
        throw new ApiError('NOT_ACTIVE', `This registration is already ${registration.status}`);
      }
      await this.leave(manager, event, registration, 'rejected');
      await this.mailer.statusMail(manager, { ...registration, status: 'rejected' }, reason);
      return { id, status: 'rejected' as const };
    });
  }

  /** Cancellation by the registrant, through the secret link. */
  async cancelByToken(token: string): Promise<RegistrationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(Registration, { manageTokenHash: sha256Hex(token) });
      if (!found) throw ApiError.notFound('Registration');
      // The event row before the waitlist lock (the global order; see lockedEvent).
      const event = await this.events.getById(found.eventId, manager, 'for_key_share');
      await this.seats.lockWaitlist(manager, event.id);
      const registration = await manager.findOneOrFail(Registration, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (registration.status === 'cancelled') return { id: registration.id, status: 'cancelled' as const };
      if (registration.status === 'rejected') throw new ApiError('NOT_ACTIVE', 'This registration was declined');
      await this.leave(manager, event, registration, 'cancelled');
      return { id: registration.id, status: 'cancelled' as const };
    });
  }

  /**
   * A registration stops being active: frees its seat or waitlist place and its delegation place, then
   * promotes from the waitlist. Call while holding the event's waitlist lock.
   */
  private async leave(manager: EntityManager, event: Event, registration: Registration, status: 'cancelled' | 'rejected'): Promise<void> {
    const was = registration.status;
    await manager.update(
      Registration,
      { id: registration.id },
      { status, waitlistPosition: null, cancelledAt: status === 'cancelled' ? new Date() : null },
    );
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
    await this.renumberWaitlist(manager, event.id);
    await this.mailer.promoted(manager, promoted);
    return promoted;
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

/** Whether the quick statement may register this person: no invitation (token), no delegation, and the event open as far as `event` knows. */
function canRegisterQuickly(event: RegistrationTarget, dto: CreateRegistrationDto): boolean {
  if (event.inviteOnly || dto.delegationCode || dto.invitationToken) return false;
  try {
    assertRegistrationOpen(event);
    return true;
  } catch {
    return false;
  }
}

/**
 * Registration is open while the event is published and inside its registration window, which closes
 * when the event ends in its own time zone unless the event names another time (`registrationClosesAt`).
 */
export function assertRegistrationOpen(
  event: Pick<Event, 'status' | 'registrationOpensAt' | 'registrationClosesAt' | 'endDate' | 'timezone'>,
  now = new Date(),
): void {
  if (event.status !== 'published') throw new ApiError('REGISTRATION_CLOSED', 'Registration for this event is closed');
  if (event.registrationOpensAt && now < event.registrationOpensAt) {
    throw new ApiError('REGISTRATION_NOT_OPEN', `Registration opens at ${event.registrationOpensAt.toISOString()}`);
  }
  if (now >= registrationClosesAt(event)) throw new ApiError('REGISTRATION_CLOSED', 'Registration for this event has closed');
}
