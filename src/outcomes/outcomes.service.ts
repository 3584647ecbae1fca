import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { EventRole } from '../auth/event-role.entity';
import { ApiError } from '../common/errors/api-error';
import { EventsService } from '../events/events.service';
import { toCommitmentResponse } from './commitment.dto';
import { CommitmentsService } from './commitments.service';
import { renderMarkdown } from './markdown';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeDocument } from './outcome-document.entity';
import { OutcomeVersion } from './outcome-version.entity';
import { nextStatus, OutcomeAction } from './outcome-workflow';
import { CreateOutcomeDto, OutcomeResponse, OutcomeSummary, toOutcomeResponse, toOutcomeSummary } from './outcome.dto';
import type { CommitmentResponse } from './commitment.dto';

export type OutcomeView = OutcomeResponse & { commitments: CommitmentResponse[] };

/** Who may take each workflow step: rapporteurs (and organisers) submit; organisers decide (the routes declare these). */
export const ACTION_ROLES = {
  submit: ['organiser', 'rapporteur'],
  publish: ['organiser'],
  withdraw: ['organiser'],
  return: ['organiser'],
} as const satisfies Record<OutcomeAction, readonly EventRole[]>;
const ACTION_VERBS: Record<OutcomeAction, string> = {
  submit: 'submitted for review',
  publish: 'published',
  withdraw: 'withdrawn',
  return: 'returned to draft',
};

/** Outcome documents: creation, reading (public or team view) and the review workflow. */
@Injectable()
export class OutcomesService {
  private readonly logger = new Logger(OutcomesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly events: EventsService,
    private readonly commitments: CommitmentsService,
  ) {}

  /** A new draft with its first version, written by the caller (the route checked their role). */
  async create(eventId: string, dto: CreateOutcomeDto, author: AuthenticatedUser): Promise<OutcomeView> {
    const document = await this.dataSource.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(OutcomeDocument, {
          eventId,
          title: dto.title,
          kind: dto.kind,
          status: 'draft',
          latestVersion: 1,
          createdById: author.id,
        }),
      );
      await manager.insert(OutcomeVersion, {
        documentId: created.id,
        number: 1,
        body: dto.body,
        changeNote: dto.changeNote ?? null,
        authorId: author.id,
      });
      return created;
    });
    this.logger.log(`Outcome document ${document.id} (${document.kind}) created at event ${eventId} by ${author.id}`);
    return this.get(document.id, author);
  }

  /** The documents of an event: published ones for everyone, all of them for the event's team. */
  async list(slugOrId: string, user: AuthenticatedUser | undefined): Promise<OutcomeSummary[]> {
    const event = await this.events.findVisible(slugOrId, user);
    const team = await this.access.isTeam(event.id, user);
    const documents = await this.dataSource.getRepository(OutcomeDocument).find({
      where: { eventId: event.id, ...(team ? {} : { status: 'published' }) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return documents.map((document) => toOutcomeSummary(document, team));
  }

  /**
   * One document with its commitments. A published document shows its published version, with the
   * commitments it was published with, to everyone, its team included (later edits, of the text or the
   * commitments, wait for republication); the team sees the latest version and working set otherwise.
   */
  async get(id: string, user: AuthenticatedUser | undefined): Promise<OutcomeView> {
    const { document, team } = await this.access.readable(id, user);
    return this.view(document, team);
  }

  /** The document as `get` shows it, from a row already read. */
  private async view(document: OutcomeDocument, team: boolean): Promise<OutcomeView> {
    const shown = await this.shownVersion(document);
    const commitments =
      document.status === 'published'
        ? await this.commitments.published(document)
        : await this.commitments.ofDocument(this.dataSource.manager, document.id);
    return { ...toOutcomeResponse(document, shown, renderMarkdown(shown.body), team), commitments: commitments.map(toCommitmentResponse) };
  }

  /** The version the public sees while published; the latest one otherwise. */
  async shownVersion(document: OutcomeDocument): Promise<OutcomeVersion> {
    const number = document.status === 'published' && document.publishedVersion ? document.publishedVersion : document.latestVersion;
    return this.dataSource.getRepository(OutcomeVersion).findOneByOrFail({ documentId: document.id, number });
  }

  /**
   * Moves the document through the workflow (see outcome-workflow.ts); 409 INVALID_STATUS_CHANGE when the
   * step is not allowed now. The route checked the caller's role (ACTION_ROLES) before this locks the
   * document; the document is read once, under the lock, and the answer is built from that row.
   */
  async transition({ id }: AuthorisedTarget, action: OutcomeAction, user: AuthenticatedUser, comment?: string): Promise<OutcomeView> {
    const document = await this.dataSource.transaction(async (manager) => {
      const locked = await this.access.lock(manager, id);
      const status = nextStatus(locked.status, action);
      if (!status)
        throw new ApiError('INVALID_STATUS_CHANGE', `A ${locked.status} document cannot be ${ACTION_VERBS[action]}`, {
          status: locked.status,
        });
      locked.status = status;
      if (action === 'publish') {
        locked.publishedVersion = locked.latestVersion;
        locked.publishedAt = new Date();
      }
      if (action === 'return') locked.reviewComment = comment ?? null;
      const saved = await this.write(manager, locked);
      if (action === 'publish') await this.commitments.keepForPublishedVersion(manager, saved);
      return saved;
    });
    this.logger.log(
      `Outcome document ${id}: ${action} by ${user.id}, now ${document.status}${action === 'publish' ? ` (version ${document.publishedVersion})` : ''}`,
    );
    return this.view(document, true);
  }

  /** Writes the workflow columns of a locked document (an UPDATE, where save() would read the row once more first). */
  private async write(manager: EntityManager, document: OutcomeDocument): Promise<OutcomeDocument> {
    const { status, publishedVersion, publishedAt, reviewComment } = document;
    const result = await manager
      .createQueryBuilder()
      .update(OutcomeDocument)
      .set({ status, publishedVersion, publishedAt, reviewComment })
      .where('id = :id', { id: document.id })
      .returning('updated_at')
      .execute();
    document.updatedAt = (result.raw as { updated_at: Date }[])[0].updated_at;
    return document;
  }
}
