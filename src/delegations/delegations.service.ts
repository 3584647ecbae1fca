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
import { CreateDelegationDto, UpdateDelegationDto } from './delegation.dto';
import { Delegation, DELEGATION_STATUSES } from './delegation.entity';

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
    const event = await this.events.getById(eventId);
    return this.dataSource.transaction(async (manager) => {
      const delegation = await manager.save(this.build(eventId, dto));
      if (delegation.headEmail) {
        await this.mail.enqueue(manager, {
          template: 'delegation_invitation',
          eventId,
          to: delegation.headEmail,
          data: {
            recipient: { honorific: null, givenName: delegation.headGivenName, familyName: delegation.headFamilyName },
            delegation: { name: delegation.name, code: delegation.code, quota: delegation.quota },
            registrationUrl: `${this.config.publicUrl}/events/${event.slug}/register?delegation=${delegation.code}`,
          },
        });
      }
      return delegation;
    });
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
    });
  }

  list(eventId: string): Promise<Delegation[]> {
    return this.dataSource.getRepository(Delegation).find({ where: { eventId }, order: { name: 'ASC' } });
  }

  /**
   * Updates a delegation (the route checked the caller organises its event, before this locks the row);
   * the quota cannot go below its registered members, status only moves forward.
   */
  async update({ id }: AuthorisedTarget, dto: UpdateDelegationDto): Promise<Delegation> {
    return this.dataSource.transaction(async (manager) => {
      const delegation = await manager.findOne(Delegation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!delegation) throw ApiError.notFound('Delegation');
      if (dto.quota !== undefined && dto.quota < delegation.reservedCount) {
        throw new ApiError('QUOTA_BELOW_REGISTERED', `The delegation already has ${delegation.reservedCount} registered members`);
      }
      if (dto.status && DELEGATION_STATUSES.indexOf(dto.status) < DELEGATION_STATUSES.indexOf(delegation.status)) {
        throw new ApiError('STATUS_BACKWARDS', `A delegation moves invited → nominated → accredited; it is ${delegation.status}`);
      }
      Object.assign(delegation, {
        name: dto.name ?? delegation.name,
        quota: dto.quota ?? delegation.quota,
        status: dto.status ?? delegation.status,
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
