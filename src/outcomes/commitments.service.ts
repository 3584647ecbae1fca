import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { PG_FOREIGN_KEY_VIOLATION } from '../common/postgres-errors';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { Commitment } from './commitment.entity';
import { CommitmentInput, CommitmentList, CommitmentRecord, ReplaceCommitmentsDto, toCommitmentResponse } from './commitment.dto';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeDocument } from './outcome-document.entity';
import { OutcomeVersion } from './outcome-version.entity';
import { OutcomeVersionCommitment } from './outcome-version-commitment.entity';
import { notEditable } from './outcome-editing';

/** Events of a series in order: by position in the series when both have one, else by start date. */
export function isEarlierInSeries(a: Pick<Event, 'seriesPosition' | 'startDate'>, b: Pick<Event, 'seriesPosition' | 'startDate'>): boolean {
  if (a.seriesPosition !== null && b.seriesPosition !== null && a.seriesPosition !== b.seriesPosition)
    return a.seriesPosition < b.seriesPosition;
  return a.startDate < b.startDate;
}

/** The note of the version a change of commitments makes once the latest version is published. */
export const COMMITMENTS_CHANGE_NOTE = 'Commitments changed';

/**
 * The commitments of an outcome document. They follow the document's workflow like its text (see
 * src/outcomes/README.md): the team edits a working set (`commitment`, stable ids) while the document may
 * be edited; publishing a version keeps the set it is published with (`outcome_version_commitment`),
 * and that is what the public sees until another version is published.
 */
@Injectable()
export class CommitmentsService {
  private readonly logger = new Logger(CommitmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly events: EventsService,
  ) {}

  /** The team gets the working set (what they edit), everyone else the published commitments. */
  async list(id: string, user: AuthenticatedUser | undefined): Promise<CommitmentList> {
    const { document, team } = await this.access.readable(id, user);
    if (!team) return { commitments: (await this.published(document)).map(toCommitmentResponse) };
    return {
      commitments: (await this.ofDocument(this.dataSource.manager, document.id)).map(toCommitmentResponse),
      latestVersion: document.latestVersion,
    };
  }

  /**
   * Replaces the document's working set of commitments with the given list, in order. An item with an `id`
   * updates that commitment in place; the others are created; those left out are removed, unless a later
   * event follows them up (409 COMMITMENT_FOLLOWED_UP). `followsUpId` must name a commitment of an earlier
   * event of the same series that the caller may see (400 naming `commitments.N.followsUpId` otherwise).
   *
   * Like the text, commitments are frozen while the document is in review or withdrawn (409
   * DOCUMENT_NOT_EDITABLE). When the latest version is the published one, a change makes a new version
   * (same text, note "Commitments changed"), so the published version keeps its commitments and the
   * change reaches the public when the organiser publishes again. A list that changes nothing changes nothing.
   */
  async replace({ id }: AuthorisedTarget, dto: ReplaceCommitmentsDto, user: AuthenticatedUser): Promise<CommitmentList> {
    const { saved, latestVersion, changed } = await this.dataSource.transaction(async (manager) => {
      const document = await this.access.lock(manager, id);
      const refusal = notEditable(document.status);
      if (refusal) throw refusal;
      const current = await this.ofDocument(manager, id);
      const existing = new Map(current.map((commitment) => [commitment.id, commitment]));
      this.checkIds(dto.commitments, existing);
      await this.checkFollowUps(manager, document, dto.commitments, user);
      if (sameSet(current, dto.commitments)) return { saved: current, latestVersion: document.latestVersion, changed: false };

      if (document.publishedVersion === document.latestVersion) await this.newVersion(manager, document, user);
      const kept = new Set(dto.commitments.map((input) => input.id).filter(Boolean));
      const removed = [...existing.keys()].filter((commitmentId) => !kept.has(commitmentId));
      if (removed.length) await this.remove(manager, removed);
      for (const [position, input] of dto.commitments.entries()) {
        const commitment = (input.id && existing.get(input.id)) || manager.create(Commitment, { documentId: id });
        Object.assign(commitment, {
          position,
          theme: input.theme,
          text: input.text,
          leads: input.leads ?? [],
          status: input.status ?? 'proposed',
          followsUpId: input.followsUpId ?? null,
        });
        await manager.save(commitment);
      }
      return { saved: await this.ofDocument(manager, id), latestVersion: document.latestVersion, changed: true };
    });
    if (changed) this.logger.log(`Outcome document ${id}: ${saved.length} commitments set by ${user.id} (version ${latestVersion})`);
    return { commitments: saved.map(toCommitmentResponse), latestVersion };
  }

  /** The working set, in order. */
  ofDocument(manager: EntityManager, documentId: string): Promise<Commitment[]> {
    return manager.find(Commitment, { where: { documentId }, order: { position: 'ASC' } });
  }

  /** The commitments of the published version, in order, as the public sees them; none unless the document is published. */
  async published(document: OutcomeDocument, manager: EntityManager = this.dataSource.manager): Promise<CommitmentRecord[]> {
    if (document.status !== 'published' || !document.publishedVersion) return [];
    const rows = await manager.find(OutcomeVersionCommitment, {
      where: { documentId: document.id, versionNumber: document.publishedVersion },
      order: { position: 'ASC' },
    });
    return rows.map(toRecord);
  }

  /**
   * Inside the publishing transaction (document row locked): keeps the working set as the commitments of
   * the version being published. A version published before (republished unchanged) keeps what it has:
   * any change since would have made a new version.
   */
  async keepForPublishedVersion(manager: EntityManager, document: OutcomeDocument): Promise<void> {
    await manager.query(
      `INSERT INTO outcome_version_commitment (document_id, version_number, position, commitment_id, theme, text, leads, status, follows_up_id)
       SELECT document_id, $2, position, id, theme, text, leads, status, follows_up_id FROM commitment WHERE document_id = $1
       ON CONFLICT DO NOTHING`,
      [document.id, document.publishedVersion],
    );
  }

  /** A new version with the latest text, for a change of commitments after the latest version was published. */
  private async newVersion(manager: EntityManager, document: OutcomeDocument, user: AuthenticatedUser): Promise<void> {
    const latest = await manager.findOneByOrFail(OutcomeVersion, { documentId: document.id, number: document.latestVersion });
    const number = document.latestVersion + 1;
    await manager.insert(OutcomeVersion, {
      documentId: document.id,
      number,
      body: latest.body,
      changeNote: COMMITMENTS_CHANGE_NOTE,
      authorId: user.id,
    });
    await manager.update(OutcomeDocument, { id: document.id }, { latestVersion: number });
    document.latestVersion = number;
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

  /**
   * A follow-up names a commitment of an event that comes earlier in this document's event's series, and
   * one the caller may see: published (in its document's published version) or of an event whose team
   * the caller is in. Who may put an event into a series is checked when it joins (EventsService).
   */
  private async checkFollowUps(
    manager: EntityManager,
    document: OutcomeDocument,
    inputs: CommitmentInput[],
    user: AuthenticatedUser,
  ): Promise<void> {
    const targetIds = [...new Set(inputs.map((input) => input.followsUpId).filter((value): value is string => !!value))];
    if (!targetIds.length) return;
    const event = await this.events.getById(document.eventId, manager);
    const targets = await manager
      .createQueryBuilder(Commitment, 'commitment')
      .innerJoinAndMapOne('commitment.document', OutcomeDocument, 'document', 'document.id = commitment.documentId')
      .innerJoinAndMapOne('document.event', Event, 'event', 'event.id = document.eventId')
      .where({ id: In(targetIds) })
      .getMany();
    const publishedIds = new Set(
      (
        await manager
          .createQueryBuilder(OutcomeVersionCommitment, 'kept')
          .innerJoin(
            OutcomeDocument,
            'document',
            "document.id = kept.documentId AND document.publishedVersion = kept.versionNumber AND document.status = 'published'",
          )
          .where({ commitmentId: In(targetIds) })
          .select('kept.commitmentId', 'id')
          .getRawMany<{ id: string }>()
      ).map((row) => row.id),
    );
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
        (publishedIds.has(target.id) || (await this.access.isTeam(targetEvent.id, user)));
      if (!valid)
        throw ApiError.invalidField(`commitments.${index}.followsUpId`, 'must be a commitment of an earlier event in the same series');
    }
  }

  private async remove(manager: EntityManager, ids: string[]): Promise<void> {
    try {
      await manager.delete(Commitment, { id: In(ids) });
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code === PG_FOREIGN_KEY_VIOLATION)
        throw new ApiError(
          'COMMITMENT_FOLLOWED_UP',
          'A commitment that a later event follows up cannot be removed; change its status to dropped instead',
        );
      throw error;
    }
  }
}

const toRecord = (row: OutcomeVersionCommitment): CommitmentRecord => ({
  id: row.commitmentId,
  documentId: row.documentId,
  position: row.position,
  theme: row.theme,
  text: row.text,
  leads: row.leads,
  status: row.status,
  followsUpId: row.followsUpId,
});

/** Whether saving `inputs` would leave the working set as it is (same commitments, same order, same fields). */
function sameSet(current: Commitment[], inputs: CommitmentInput[]): boolean {
  return (
    current.length === inputs.length &&
    inputs.every((input, index) => {
      const commitment = current[index];
      return (
        input.id === commitment.id &&
        input.theme === commitment.theme &&
        input.text === commitment.text &&
        (input.status ?? 'proposed') === commitment.status &&
        (input.followsUpId ?? null) === commitment.followsUpId &&
        JSON.stringify(input.leads ?? []) === JSON.stringify(commitment.leads)
      );
    })
  );
}
