import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { PG_FOREIGN_KEY_VIOLATION } from '../common/postgres-errors';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { Commitment } from './commitment.entity';
import { CommitmentInput, CommitmentList, ReplaceCommitmentsDto, toCommitmentResponse } from './commitment.dto';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeDocument } from './outcome-document.entity';

/** Events of a series in order: by position in the series when both have one, else by start date. */
export function isEarlierInSeries(a: Pick<Event, 'seriesPosition' | 'startDate'>, b: Pick<Event, 'seriesPosition' | 'startDate'>): boolean {
  if (a.seriesPosition !== null && b.seriesPosition !== null && a.seriesPosition !== b.seriesPosition) return a.seriesPosition < b.seriesPosition;
  return a.startDate < b.startDate;
}

/** The commitments of an outcome document, replaced as a set with stable ids. */
@Injectable()
export class CommitmentsService {
  private readonly logger = new Logger(CommitmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly events: EventsService,
  ) {}

  async list(id: string, user: AuthenticatedUser | undefined): Promise<CommitmentList> {
    const { document } = await this.access.readable(id, user);
    return { commitments: (await this.ofDocument(this.dataSource.manager, document.id)).map(toCommitmentResponse) };
  }

  /**
   * Replaces the document's commitments with the given list, in order. An item with an `id` updates that
   * commitment in place; the others are created; those left out are removed, unless a later event follows
   * them up (409 COMMITMENT_FOLLOWED_UP). `followsUpId` must name a commitment of an earlier event of the
   * same series that the caller may see (400 naming `commitments.N.followsUpId` otherwise).
   */
  async replace(id: string, dto: ReplaceCommitmentsDto, user: AuthenticatedUser): Promise<CommitmentList> {
    await this.access.requireRole(id, user);
    const saved = await this.dataSource.transaction(async (manager) => {
      const document = await this.access.lock(manager, id);
      if (document.status === 'withdrawn') throw ApiError.conflict('DOCUMENT_NOT_EDITABLE', 'A withdrawn document cannot be edited', { status: document.status });
      const existing = new Map((await this.ofDocument(manager, id)).map((commitment) => [commitment.id, commitment]));
      this.checkIds(dto.commitments, existing);
      await this.checkFollowUps(manager, document, dto.commitments, user);
      const kept = new Set(dto.commitments.map((input) => input.id).filter(Boolean));
      const removed = [...existing.keys()].filter((commitmentId) => !kept.has(commitmentId));
      if (removed.length) await this.remove(manager, removed);
      for (const [position, input] of dto.commitments.entries()) {
        const commitment = (input.id && existing.get(input.id)) || manager.create(Commitment, { documentId: id });
        Object.assign(commitment, { position, theme: input.theme, text: input.text, leads: input.leads ?? [], status: input.status ?? 'proposed', followsUpId: input.followsUpId ?? null });
        await manager.save(commitment);
      }
      return this.ofDocument(manager, id);
    });
    this.logger.log(`Outcome document ${id}: ${saved.length} commitments set by ${user.id}`);
    return { commitments: saved.map(toCommitmentResponse) };
  }

  ofDocument(manager: EntityManager, documentId: string): Promise<Commitment[]> {
    return manager.find(Commitment, { where: { documentId }, order: { position: 'ASC' } });
  }

  private checkIds(inputs: CommitmentInput[], existing: Map<string, Commitment>): void {
    const seen = new Set<string>();
    inputs.forEach((input, index) => {
      if (!input.id) return;
      if (!existing.has(input.id)) throw ApiError.invalidField(`commitments.${index}.id`, 'is not a commitment of this document');
      if (seen.has(input.id)) throw ApiError.invalidField(`commitments.${index}.id`, 'appears twice');
      seen.add(input.id);
    });
  }

  private async checkFollowUps(manager: EntityManager, document: OutcomeDocument, inputs: CommitmentInput[], user: AuthenticatedUser): Promise<void> {
    const targetIds = [...new Set(inputs.map((input) => input.followsUpId).filter((value): value is string => !!value))];
    if (!targetIds.length) return;
    const event = await this.events.getById(document.eventId, manager);
    const targets = await manager
      .createQueryBuilder(Commitment, 'commitment')
      .innerJoinAndMapOne('commitment.document', OutcomeDocument, 'document', 'document.id = commitment.documentId')
      .innerJoinAndMapOne('document.event', Event, 'event', 'event.id = document.eventId')
      .where({ id: In(targetIds) })
      .getMany();
    const byId = new Map(targets.map((target) => [target.id, target]));
    for (const [index, input] of inputs.entries()) {
      if (!input.followsUpId) continue;
      const target = byId.get(input.followsUpId);
      const targetEvent = target?.document?.event;
      const valid =
        target &&
        targetEvent &&
        event.seriesId !== null &&
        targetEvent.seriesId === event.seriesId &&
        isEarlierInSeries(targetEvent, event) &&
        (target.document!.status === 'published' || (await this.access.isTeam(targetEvent.id, user)));
      if (!valid) throw ApiError.invalidField(`commitments.${index}.followsUpId`, 'must be a commitment of an earlier event in the same series');
    }
  }

  private async remove(manager: EntityManager, ids: string[]): Promise<void> {
    try {
      await manager.delete(Commitment, { id: In(ids) });
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code === PG_FOREIGN_KEY_VIOLATION) throw ApiError.conflict('COMMITMENT_FOLLOWED_UP', 'A commitment that a later event follows up cannot be removed; change its status to dropped instead');
      throw error;
    }
  }
}
