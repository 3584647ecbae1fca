import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import { EventPartner } from './event-partner.entity';
import { EventsService } from './events.service';
import { Organisation } from './organisation.entity';
import { AddPartnerDto, OrganisationInput, PartnerResponse, PartnersByRole, PartnerWarning, toPartnerResponse } from './partner.dto';

/** The organisations behind an event (host, co-organisers, funders, partners), reused across events. */
@Injectable()
export class PartnersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  async add(eventId: string, dto: AddPartnerDto): Promise<PartnerResponse> {
    try {
      return await this.events.change(eventId, async (manager) => {
        const organisation = await this.findOrCreateOrganisation(manager, dto.organisation);
        const partner = await manager.save(manager.create(EventPartner, { eventId, organisationId: organisation.id, role: dto.role }));
        return { ...toPartnerResponse({ ...partner, organisation }), ...kindWarning(organisation, dto.organisation) };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_event_partner_event_organisation_role')) {
        throw new ApiError('PARTNER_EXISTS', `${dto.organisation.name} is already a ${dto.role} of this event`);
      }
      throw error;
    }
  }

  async list(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<PartnersByRole> {
    const event = await this.events.findVisible(idOrSlug, user);
    return this.events.partnersByRole(event.id);
  }

  /** Organisations already known (from any event), by name, for finding one by name or acronym in a list. */
  async knownOrganisations(limit = 1000): Promise<Pick<Organisation, 'name' | 'acronym'>[]> {
    return this.dataSource.getRepository(Organisation).find({ select: { name: true, acronym: true }, order: { name: 'ASC' }, take: limit });
  }

  async remove(eventId: string, partnerId: string): Promise<void> {
    await this.events.change(eventId, async (manager) => {
      const result = isUuid(partnerId) ? await manager.delete(EventPartner, { id: partnerId, eventId }) : { affected: 0 };
      if (!result.affected) throw ApiError.notFound('Partner');
    });
  }

  /**
   * The organisation with this name or acronym as its name or acronym (all case-insensitive);
   * created if there is none. Blanks of a found organisation (acronym, country) are filled in.
   */
  async findOrCreateOrganisation(manager: EntityManager, input: OrganisationInput): Promise<Organisation> {
    const found = await this.findOrganisation(manager, input);
    if (found) {
      const blanks = { acronym: found.acronym ?? input.acronym ?? null, countryCode: found.countryCode ?? input.countryCode ?? null };
      if (blanks.acronym !== found.acronym || blanks.countryCode !== found.countryCode)
        await manager.update(Organisation, { id: found.id }, blanks);
      return { ...found, ...blanks };
    }
    // Another transaction may create the same name meanwhile: the unique index on lower(name) decides.
    await manager
      .createQueryBuilder()
      .insert()
      .into(Organisation)
      .values({ name: input.name, acronym: input.acronym ?? null, kind: input.kind, countryCode: input.countryCode ?? null })
      .orIgnore()
      .execute();
    return (await this.findOrganisation(manager, input))!;
  }

  private findOrganisation(manager: EntityManager, input: OrganisationInput): Promise<Organisation | null> {
    return manager
      .createQueryBuilder(Organisation, 'organisation')
      .where(
        new Brackets((where) => {
          where.where('lower(organisation.name) = lower(:name)').orWhere('lower(organisation.acronym) = lower(:name)');
          if (input.acronym)
            where.orWhere('lower(organisation.acronym) = lower(:acronym)').orWhere('lower(organisation.name) = lower(:acronym)');
        }),
        { name: input.name, acronym: input.acronym },
      )
      .orderBy('CASE WHEN lower(organisation.name) = lower(:name) THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('organisation.createdAt', 'ASC')
      .getOne();
  }
}

/**
 * Organisations are shared by every event, so adding a partner never changes a found organisation's
 * kind (an organiser of one event would recast it for all): the answer says so when the kind sent differs.
 */
function kindWarning(organisation: Organisation, input: OrganisationInput): { warnings?: PartnerWarning[] } {
  if (organisation.kind === input.kind) return {};
  const message = `${organisation.name} is already known as ${organisation.kind}; the kind sent (${input.kind}) was not applied, as organisations are shared by all events`;
  return { warnings: [{ field: 'organisation.kind', message }] };
}
