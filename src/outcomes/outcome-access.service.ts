import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { EventRole } from '../auth/event-role.entity';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { EventsService } from '../events/events.service';
import { OutcomeDocument } from './outcome-document.entity';

/** The event's outcome team: they write, review and see drafts. */
export const OUTCOME_TEAM: readonly EventRole[] = ['organiser', 'rapporteur'];

/**
 * Who may see or change an outcome document. Published documents of visible events are public; drafts,
 * documents in review and withdrawn ones exist only for their event's team (404 for everyone else).
 */
@Injectable()
export class OutcomeAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly events: EventsService,
  ) {}

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<OutcomeDocument> {
    const document = isUuid(id) ? await manager.findOneBy(OutcomeDocument, { id }) : null;
    if (!document) throw ApiError.notFound('Outcome document');
    return document;
  }

  /** Reads the document row under a write lock, inside the caller's transaction: changes to a document are serialised. */
  async lock(manager: EntityManager, id: string): Promise<OutcomeDocument> {
    const document = isUuid(id) ? await manager.findOne(OutcomeDocument, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!document) throw ApiError.notFound('Outcome document');
    return document;
  }

  isTeam(eventId: string, user: AuthenticatedUser | undefined): Promise<boolean> {
    return this.access.hasRole(eventId, user, OUTCOME_TEAM);
  }

  /** Everyone may read a published document of an event they can see. */
  async isPublic(document: OutcomeDocument, user: AuthenticatedUser | undefined): Promise<boolean> {
    return document.status === 'published' && this.access.canSee(await this.events.getById(document.eventId), user);
  }

  /** The document if this caller may read it (404 otherwise), and whether they read it as its team. */
  async readable(id: string, user: AuthenticatedUser | undefined): Promise<{ document: OutcomeDocument; team: boolean }> {
    const document = await this.find(id);
    if (await this.isTeam(document.eventId, user)) return { document, team: true };
    if (await this.isPublic(document, user)) return { document, team: false };
    throw ApiError.notFound('Outcome document');
  }

  /**
   * The document if the caller holds one of the roles at its event. Otherwise 404 when they may not see
   * it, 401 when anonymous, 403 when they see the published document but lack the role.
   */
  async requireRole(id: string, user: AuthenticatedUser | undefined, roles: readonly EventRole[] = OUTCOME_TEAM): Promise<OutcomeDocument> {
    const document = await this.find(id);
    if (await this.access.hasRole(document.eventId, user, roles)) return document;
    if (!(await this.isTeam(document.eventId, user)) && !(await this.isPublic(document, user))) throw ApiError.notFound('Outcome document');
    if (!user) throw ApiError.unauthorized();
    throw ApiError.forbidden(`This needs the ${roles.join(' or ')} role at this event`);
  }
}
