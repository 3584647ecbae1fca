import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { randomCode } from '../common/secrets';
import { isUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { MailService } from '../mail/mail.service';
import { isUniqueViolation } from '../common/postgres-errors';
import { CreateDelegationDto, DelegationMemberResponse, UpdateDelegationDto } from './delegation.dto';
import { Delegation } from './delegation.entity';
import { statusRefusal } from './delegation-status';
import { defaultSection, sectionRefusal } from './delegation-sections';

/** How long after mailing a head again the next resend is refused (a double click, two organisers at once). */
export const RESEND_INTERVAL_SECONDS = 60;

@Injectable()
export class DelegationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Creates a delegation; with a head, the head is mailed the delegation's code and registration link.
   * An event has one delegation per country and one per organisation (by name, case-insensitively):
   * unique indexes decide, and a second one is refused with 409 DELEGATION_EXISTS.
   */
  async create(eventId: string, dto: CreateDelegationDto): Promise<Delegation> {
    try {
      return await this.createUnchecked(eventId, dto);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_delegation_event_country')) {
        throw new ApiError('DELEGATION_EXISTS', `This event already has a delegation of ${dto.countryCode}`, {
          details: [{ field: 'countryCode', message: 'already has a delegation at this event' }],
        });
      }
      if (isUniqueViolation(error, 'uq_delegation_event_organisation')) {
        throw new ApiError('DELEGATION_EXISTS', `This event already has a delegation of ${dto.organisationName}`, {
          details: [{ field: 'organisationName', message: 'already has a delegation at this event' }],
        });
      }
      throw error;
    }
  }

  private async createUnchecked(eventId: string, dto: CreateDelegationDto): Promise<Delegation> {
    const refusal = dto.section ? sectionRefusal(dto.kind, dto.section) : null;
    if (refusal) throw ApiError.invalidField('section', refusal);
    const event = await this.events.getById(eventId);
    return this.dataSource.transaction(async (manager) => {
      const delegation = await manager.save(this.build(eventId, dto));
      if (delegation.headEmail) await this.mailHead(manager, event.slug, delegation);
      return delegation;
    });
  }

  /** Where members register with the delegation's code: the event's register page, the code filled in. */
  registrationUrl(eventSlug: string, delegation: Pick<Delegation, 'code'>): string {
    return `${this.config.publicUrl}/events/${eventSlug}/register?delegation=${delegation.code}`;
  }

  /** The focal point's portal of the delegation (src/accreditation), where they ask for a one-time sign-in link. */
  portalUrl(delegation: Pick<Delegation, 'id'>): string {
    return `${this.config.publicUrl}/portal/delegations/${delegation.id}`;
  }

  private async mailHead(manager: EntityManager, eventSlug: string, delegation: Delegation): Promise<void> {
    await this.mail.enqueue(manager, {
      template: 'delegation_invitation',
      eventId: delegation.eventId,
      to: delegation.headEmail as string,
      data: {
        recipient: { honorific: null, givenName: delegation.headGivenName, familyName: delegation.headFamilyName },
        delegation: { name: delegation.name, code: delegation.code, quota: delegation.quota },
        registrationUrl: this.registrationUrl(eventSlug, delegation),
        portalUrl: this.portalUrl(delegation),
      },
    });
  }

  /**
   * Mails the head their invitation again (the same code and link). One UPDATE both checks and stamps
   * `invitation_resent_at`, so of requests within RESEND_INTERVAL_SECONDS (a double click, two
   * organisers, two instances) only the first mails; the others are 409 INVITATION_RECENTLY_SENT.
   * A delegation without a head is 409 DELEGATION_WITHOUT_HEAD.
   */
  async resendInvitation({ id }: AuthorisedTarget): Promise<Delegation> {
    return this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `WITH resent AS (
           UPDATE delegation SET invitation_resent_at = now()
            WHERE id = $1 AND head_email IS NOT NULL
              AND (invitation_resent_at IS NULL OR invitation_resent_at <= now() - make_interval(secs => $2))
            RETURNING id)
         SELECT id FROM resent`,
        [id, RESEND_INTERVAL_SECONDS],
      );
      const delegation = await manager.findOneBy(Delegation, { id });
      if (!delegation) throw ApiError.notFound('Delegation');
      if (rows.length === 0) {
        if (!delegation.headEmail) throw new ApiError('DELEGATION_WITHOUT_HEAD', 'The delegation has no head to mail the invitation to');
        const since = (Date.now() - (delegation.invitationResentAt?.getTime() ?? 0)) / 1000;
        const retryAfterSeconds = Math.max(1, Math.ceil(RESEND_INTERVAL_SECONDS - since));
        throw new ApiError('INVITATION_RECENTLY_SENT', `The invitation was mailed again moments ago; try again in ${retryAfterSeconds} s`, {
          retryAfterSeconds,
        });
      }
      const event = await this.events.getById(delegation.eventId);
      await this.mailHead(manager, event.slug, delegation);
      return delegation;
    });
  }

  /**
   * The delegation's registrations (members, waitlisted, cancelled…), heads first, then by name: the
   * organisers' view of who registered with its code.
   */
  async members({ id }: AuthorisedTarget): Promise<DelegationMemberResponse[]> {
    const rows: DelegationMemberResponse[] = await this.dataSource.query(
      `SELECT id, honorific, given_name AS "givenName", family_name AS "familyName", email, status,
              is_head_of_delegation AS "isHead"
         FROM registration WHERE delegation_id = $1
        ORDER BY is_head_of_delegation DESC, family_name, given_name, id`,
      [id],
    );
    return rows;
  }

  private build(eventId: string, dto: CreateDelegationDto): Delegation {
    return this.dataSource.getRepository(Delegation).create({
      eventId,
      name: dto.name,
      kind: dto.kind,
      countryCode: dto.countryCode ?? null,
      organisationName: dto.organisationName ?? null,
      quota: dto.quota,
      code: randomCode(10),
      headEmail: dto.head?.email ?? null,
      headGivenName: dto.head?.givenName ?? null,
      headFamilyName: dto.head?.familyName ?? null,
      section: dto.section ?? defaultSection(dto.kind),
    });
  }

  list(eventId: string): Promise<Delegation[]> {
    return this.dataSource.getRepository(Delegation).find({ where: { eventId }, order: { name: 'ASC' } });
  }

  /**
   * Updates a delegation (the route checked the caller organises its event, before this locks the row);
   * the quota cannot go below its registered members, and the status moves as delegation-status.ts says.
   */
  async update({ id }: AuthorisedTarget, dto: UpdateDelegationDto): Promise<Delegation> {
    return this.dataSource.transaction(async (manager) => {
      const delegation = await manager.findOne(Delegation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!delegation) throw ApiError.notFound('Delegation');
      if (dto.quota !== undefined && dto.quota < delegation.reservedCount) {
        throw new ApiError('QUOTA_BELOW_REGISTERED', `The delegation already has ${delegation.reservedCount} registered members`);
      }
      const misplaced = dto.section ? sectionRefusal(delegation.kind, dto.section) : null;
      if (misplaced) throw ApiError.invalidField('section', misplaced);
      const refusal = dto.status ? statusRefusal(delegation.status, dto.status) : null;
      if (refusal) {
        throw new ApiError(refusal, `A delegation moves invited → nominated → accredited, one step at a time; it is ${delegation.status}`);
      }
      Object.assign(delegation, {
        name: dto.name ?? delegation.name,
        quota: dto.quota ?? delegation.quota,
        status: dto.status ?? delegation.status,
        section: dto.section ?? delegation.section,
      });
      return manager.save(delegation);
    });
  }

  /** The delegation with this registration code at this event (codes are case-insensitive). */
  async findByCode(manager: EntityManager, eventId: string, code: string): Promise<Delegation> {
    const delegation = await manager.findOneBy(Delegation, { eventId, code: code.toUpperCase() });
    if (!delegation) throw ApiError.invalidField('delegationCode', 'is not a delegation code of this event');
    return delegation;
  }

  /** The event's delegation with this id; 404 when it is another event's (or none). */
  async inEvent(eventId: string, id: string): Promise<Delegation> {
    const delegation = await this.findInEvent(this.dataSource.manager, eventId, id);
    if (!delegation) throw ApiError.notFound('Delegation');
    return delegation;
  }

  /** The event's delegation with this id, or null. */
  findInEvent(manager: EntityManager, eventId: string, id: string): Promise<Delegation | null> {
    return isUuid(id) ? manager.findOneBy(Delegation, { eventId, id }) : Promise.resolve(null);
  }

  /** Takes one place of the quota (row-locked until the transaction ends), or refuses with 409. */
  async reservePlace(manager: EntityManager, delegation: Delegation): Promise<void> {
    if (!(await this.tryReservePlace(manager, delegation.id))) {
      throw new ApiError('DELEGATION_QUOTA_FULL', `The delegation ${delegation.name} has filled its quota of ${delegation.quota}`);
    }
  }

  async tryReservePlace(manager: EntityManager, delegationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH reserved AS (UPDATE delegation SET reserved_count = reserved_count + 1 WHERE id = $1 AND reserved_count < quota RETURNING id)
       SELECT id FROM reserved`,
      [delegationId],
    );
    return rows.length === 1;
  }

  async releasePlace(manager: EntityManager, delegationId: string): Promise<void> {
    await manager.query('UPDATE delegation SET reserved_count = reserved_count - 1 WHERE id = $1', [delegationId]);
  }
}
