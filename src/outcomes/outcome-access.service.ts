import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import { OUTCOME_TEAM } from '../auth/event-targets';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { EventsService } from '../events/events.service';
import { OutcomeDocument } from './outcome-document.entity';

/**
 * Who may read an outcome document on the public routes. Published documents of visible events are
 * public; drafts, documents in review and withdrawn ones exist only for their event's outcome team (404
 * for everyone else). Routes that change a document, or show it to its team only, declare their roles
 * with @RequireEventRoleFor('outcome', ...) instead.
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
}
