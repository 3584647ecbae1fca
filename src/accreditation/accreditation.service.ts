import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { Delegation, type DelegationStatus } from '../delegations/delegation.entity';
import { DelegationsService } from '../delegations/delegations.service';
import { VisaLetterMail } from '../documents/visa-letter-mail.service';
import type { AccreditationMember, MailTemplateName } from '../mail/mail-templates';
import { MailService } from '../mail/mail.service';
import type { AccreditationStatus } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { AccreditationMemberResponse, DelegationAccreditationResponse } from './accreditation.dto';
import { followStatus, statusCalledFor } from './accreditation-rules';

/** What a focal point types to nominate a member (the portal's form; the core fields of a registration). */
export interface Nominee {
  honorific?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  jobTitle?: string;
  category?: string;
}

/** The member columns, as AccreditationMemberResponse names them. */
const MEMBER_COLUMNS = `r.id, r.honorific, r.given_name AS "givenName", r.family_name AS "familyName", r.email,
  r.job_title AS "jobTitle", r.category, r.status, r.accreditation_status AS "accreditationStatus",
  r.accreditation_note AS "accreditationNote", r.delegation_id AS "delegationId", r.is_head_of_delegation AS "isHead"`;
const ACTIVE = `('pending', 'confirmed', 'waitlisted')`;

type FocalPointMail = Extract<
  MailTemplateName,
  'accreditation_nominated' | 'accreditation_submitted' | 'accreditation_returned' | 'accreditation_accredited'
>;

const fullName = (member: Pick<AccreditationMemberResponse, 'honorific' | 'givenName' | 'familyName'>) =>
  [member.honorific, member.givenName, member.familyName].filter(Boolean).join(' ');

/** A delegation waiting for the secretariat, as the review lists it. */
export interface DelegationUnderReview {
  delegation: Delegation;
  members: AccreditationMemberResponse[];
  waiting: number;
}

/**
 * Accreditation: the focal point nominates members (registrations written by RegistrationsService, under the
 * delegation's quota lock), withdraws or replaces them, and submits the delegation; the secretariat accredits
 * or returns members, one or the whole delegation, with a reason. Each member's `accreditation_status` moves
 * none/nominated → submitted → accredited or returned (and returned → submitted again); the delegation's status
 * follows (accreditation-rules.ts, through delegation-status.ts). The focal point is mailed at every step, and
 * an accredited member who asked for a visa letter is mailed it (VisaLetterMail).
 *
 * Lock order: what RegistrationsService takes (event row, waitlist lock, delegation row); the steps here
 * change the members' rows first and then lock the delegation row, as a cancellation does, so no cycle.
 */
@Injectable()
export class AccreditationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsService,
    private readonly delegations: DelegationsService,
    private readonly mail: MailService,
    private readonly visaLetters: VisaLetterMail,
  ) {}

  /** Whether the registration is accredited and active (for the visa letters and certificates). */
  async isAccredited(registrationId: string): Promise<boolean> {
    if (!isUuid(registrationId)) return false;
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM registration WHERE id = $1 AND accreditation_status = 'accredited' AND status IN ${ACTIVE}`,
      [registrationId],
    );
    return rows.length > 0;
  }

  /** The delegation by id, or 404. */
  async delegation(id: string): Promise<Delegation> {
    const delegation = isUuid(id)
      ? await this.dataSource.query<{ eventId: string }[]>(`SELECT event_id AS "eventId" FROM delegation WHERE id = $1`, [id])
      : [];
    if (delegation.length === 0) throw ApiError.notFound('Delegation');
    return this.delegations.inEvent(delegation[0].eventId, id);
  }

  /** A registration of the event (the console's review, whose route checked the role at the event); 404 for another event's. */
  async memberTarget(eventId: string, registrationId: string): Promise<AuthorisedTarget> {
    const rows = isUuid(registrationId)
      ? await this.dataSource.query<{ id: string }[]>(`SELECT id FROM registration WHERE id = $1 AND event_id = $2`, [
          registrationId,
          eventId,
        ])
      : [];
    if (rows.length === 0) throw ApiError.notFound('Registration');
    return { id: rows[0].id, eventId };
  }

  /** A delegation of the event (the console's review); 404 for another event's. */
  async delegationTarget(eventId: string, delegationId: string): Promise<AuthorisedTarget> {
    const delegation = await this.delegations.inEvent(eventId, delegationId);
    return { id: delegation.id, eventId };
  }

  /** The delegation's active members, in the order they were nominated (the portal's list). */
  members(delegationId: string, manager: Pick<EntityManager, 'query'> = this.dataSource): Promise<AccreditationMemberResponse[]> {
    return manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM registration r WHERE r.delegation_id = $1 AND r.status IN ${ACTIVE} ORDER BY r.created_at, r.id`,
      [delegationId],
    );
  }

  /** Nominates a member: a registration in the delegation, within its quota (409 DELEGATION_QUOTA_FULL), mailed their link. */
  async nominate(delegation: Delegation, nominee: Nominee): Promise<AccreditationMemberResponse> {
    return this.dataSource.transaction((manager) => this.nominateIn(manager, delegation, nominee));
  }

  /** Withdraws a member (their registration is cancelled, the place freed). */
  async withdraw(delegation: Delegation, registrationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.memberOf(manager, delegation, registrationId);
      await this.registrations.cancelIn(manager, { id: registrationId, eventId: delegation.eventId });
      await this.follow(manager, delegation.id);
    });
  }

  /**
   * Replaces a member in one transaction: the old one is withdrawn and the new one nominated in the place
   * freed; if the new one is refused (a bad field, already registered), the old one stays.
   */
  async replace(delegation: Delegation, registrationId: string, nominee: Nominee): Promise<AccreditationMemberResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.memberOf(manager, delegation, registrationId);
      await this.registrations.cancelIn(manager, { id: registrationId, eventId: delegation.eventId });
      return this.nominateIn(manager, delegation, nominee);
    });
  }

  /** Submits the delegation: every nominated (or returned) member goes to the secretariat; 409 NOTHING_TO_SUBMIT when none is. */
  async submit({ id }: Pick<AuthorisedTarget, 'id'>): Promise<DelegationAccreditationResponse> {
    return this.dataSource.transaction(async (manager) => {
      const members = await this.step(
        manager,
        `r.delegation_id = $1 AND r.accreditation_status IN ('none', 'nominated', 'returned')`,
        [id],
        'submitted',
      );
      if (members.length === 0) {
        await this.delegationRow(manager, id);
        throw new ApiError('NOTHING_TO_SUBMIT', 'The delegation has no nominated or returned member to submit; nominate members first');
      }
      return this.decided(manager, id, members, 'accreditation_submitted');
    });
  }

  /** The secretariat accredits one member (any active registration; a member of a delegation mails its focal point). */
  async accreditMember({ id }: AuthorisedTarget): Promise<AccreditationMemberResponse> {
    return this.dataSource.transaction(async (manager) => {
      const [member] = await this.step(manager, `r.id = $1 AND r.accreditation_status <> 'accredited'`, [id], 'accredited');
      if (!member) return this.unchanged(manager, id);
      if (member.delegationId) await this.decided(manager, member.delegationId, [member], 'accreditation_accredited');
      await this.visaLetters.mailIn(manager, [member.id]);
      return member;
    });
  }

  /** The secretariat returns one member to the focal point with the reason (mailed). */
  async returnMember({ id }: AuthorisedTarget, reason: string): Promise<AccreditationMemberResponse> {
    return this.dataSource.transaction(async (manager) => {
      const [member] = await this.step(manager, `r.id = $1`, [id], 'returned', reason);
      if (!member) return this.unchanged(manager, id);
      if (member.delegationId) await this.decided(manager, member.delegationId, [member], 'accreditation_returned', reason);
      return member;
    });
  }

  /** The secretariat accredits every member of the delegation waiting for a decision; 409 NOTHING_WAITING when none is. */
  async accreditDelegation({ id }: AuthorisedTarget): Promise<DelegationAccreditationResponse> {
    return this.decideDelegation(id, 'accredited');
  }

  /** The secretariat returns every member of the delegation waiting for a decision, with the reason (mailed). */
  async returnDelegation({ id }: AuthorisedTarget, reason: string): Promise<DelegationAccreditationResponse> {
    return this.decideDelegation(id, 'returned', reason);
  }

  /** The event's delegations with members under accreditation, those waiting for a decision first, then by name. */
  async underReview(eventId: string): Promise<DelegationUnderReview[]> {
    const delegations = await this.delegations.list(eventId);
    const rows: AccreditationMemberResponse[] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM registration r
        WHERE r.event_id = $1 AND r.delegation_id IS NOT NULL AND r.status IN ${ACTIVE} AND r.accreditation_status <> 'none'
        ORDER BY r.created_at, r.id`,
      [eventId],
    );
    return delegations
      .map((delegation) => {
        const members = rows.filter((row) => row.delegationId === delegation.id);
        return { delegation, members, waiting: members.filter((member) => member.accreditationStatus === 'submitted').length };
      })
      .filter((entry) => entry.members.length > 0)
      .sort((a, b) => Number(b.waiting > 0) - Number(a.waiting > 0));
  }

  private async decideDelegation(
    id: string,
    to: 'accredited' | 'returned',
    reason: string | null = null,
  ): Promise<DelegationAccreditationResponse> {
    return this.dataSource.transaction(async (manager) => {
      const members = await this.step(manager, `r.delegation_id = $1 AND r.accreditation_status = 'submitted'`, [id], to, reason);
      if (members.length === 0) {
        await this.delegationRow(manager, id);
        throw new ApiError(
          'NOTHING_WAITING',
          'No member of this delegation is waiting for a decision: its focal point has not submitted it',
        );
      }
      if (to === 'accredited')
        await this.visaLetters.mailIn(
          manager,
          members.map((member) => member.id),
        );
      return this.decided(manager, id, members, to === 'accredited' ? 'accreditation_accredited' : 'accreditation_returned', reason);
    });
  }

  private async nominateIn(manager: EntityManager, delegation: Delegation, nominee: Nominee): Promise<AccreditationMemberResponse> {
    const body = Object.fromEntries(
      Object.entries({ ...nominee, delegationCode: delegation.code }).filter(([, value]) => value !== undefined && value !== ''),
    );
    const outcome = await this.registrations.nominateIn(manager, delegation.eventId, body);
    const [member] = await this.step(manager, `r.id = $1`, [outcome.id], 'nominated');
    await this.mail.enqueue(manager, {
      template: 'nomination',
      eventId: delegation.eventId,
      to: member.email,
      manageLinkFor: member.id,
      data: {
        recipient: { honorific: member.honorific, givenName: member.givenName, familyName: member.familyName },
        delegation: this.mailDelegation(delegation),
      },
    });
    await this.mailFocalPoint(manager, delegation, 'accreditation_nominated', [member]);
    return member;
  }

  /** The active member of the delegation with this id, or 404 NOT_A_MEMBER. */
  private async memberOf(manager: EntityManager, delegation: Delegation, registrationId: string): Promise<void> {
    const rows = isUuid(registrationId)
      ? await manager.query<unknown[]>(`SELECT 1 FROM registration WHERE id = $1 AND delegation_id = $2 AND status IN ${ACTIVE}`, [
          registrationId,
          delegation.id,
        ])
      : [];
    if (rows.length === 0) throw new ApiError('NOT_A_MEMBER', 'This person is not an active member of the delegation');
  }

  /** Moves the active registrations matching `where` to `to` (a returned member keeps the reason), answering them as changed. */
  private async step(
    manager: EntityManager,
    where: string,
    values: unknown[],
    to: AccreditationStatus,
    reason: string | null = null,
  ): Promise<AccreditationMemberResponse[]> {
    const [rows] = await manager.query<[AccreditationMemberResponse[], number]>(
      `UPDATE registration r SET accreditation_status = '${to}', accreditation_note = $${values.length + 1}
        WHERE ${where} AND r.status IN ${ACTIVE}
       RETURNING ${MEMBER_COLUMNS}`,
      [...values, reason],
    );
    return rows;
  }

  /** A step that changed nothing: the member as they are (accredited already), or 404 / 409 NOT_ACTIVE. */
  private async unchanged(manager: EntityManager, id: string): Promise<AccreditationMemberResponse> {
    const [member] = await manager.query<AccreditationMemberResponse[]>(`SELECT ${MEMBER_COLUMNS} FROM registration r WHERE r.id = $1`, [
      id,
    ]);
    if (!member) throw ApiError.notFound('Registration');
    if (!['pending', 'confirmed', 'waitlisted'].includes(member.status))
      throw new ApiError('NOT_ACTIVE', `This registration is ${member.status}`);
    return member;
  }

  /** The delegation row, locked for its status (taken after the members' rows: see the class). */
  private async delegationRow(manager: EntityManager, id: string): Promise<Delegation> {
    const delegation = await manager.findOne(Delegation, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!delegation) throw ApiError.notFound('Delegation');
    return delegation;
  }

  /** After members changed: the delegation's status follows, and its focal point is mailed the step. */
  private async decided(
    manager: EntityManager,
    delegationId: string,
    members: AccreditationMemberResponse[],
    template: FocalPointMail,
    reason: string | null = null,
  ): Promise<DelegationAccreditationResponse> {
    const { delegation, status } = await this.follow(manager, delegationId);
    await this.mailFocalPoint(manager, delegation, template, members, reason);
    return { delegationId, status, members };
  }

  /** The delegation's status follows its members' accreditation (accreditation-rules.ts). */
  private async follow(manager: EntityManager, delegationId: string): Promise<{ delegation: Delegation; status: DelegationStatus }> {
    const delegation = await this.delegationRow(manager, delegationId);
    const statuses = (await this.members(delegationId, manager)).map((member) => member.accreditationStatus);
    const status = followStatus(delegation.status, statusCalledFor(statuses));
    if (status !== delegation.status) await manager.query(`UPDATE delegation SET status = $2 WHERE id = $1`, [delegationId, status]);
    return { delegation: { ...delegation, status }, status };
  }

  private mailDelegation(delegation: Delegation) {
    return { name: delegation.name, quota: delegation.quota, portalUrl: this.delegations.portalUrl(delegation) };
  }

  private async mailFocalPoint(
    manager: EntityManager,
    delegation: Delegation,
    template: FocalPointMail,
    members: AccreditationMemberResponse[],
    reason: string | null = null,
  ): Promise<void> {
    if (!delegation.headEmail) return;
    const listed: AccreditationMember[] = members.map((member) => ({ name: fullName(member), email: member.email }));
    const base = {
      recipient: { honorific: null, givenName: delegation.headGivenName, familyName: delegation.headFamilyName },
      delegation: this.mailDelegation(delegation),
      members: listed,
    };
    const to = delegation.headEmail;
    const eventId = delegation.eventId;
    if (template === 'accreditation_returned') {
      await this.mail.enqueue(manager, { template, eventId, to, data: { ...base, reason: reason ?? '' } });
    } else {
      await this.mail.enqueue(manager, { template, eventId, to, data: base });
    }
  }
}
