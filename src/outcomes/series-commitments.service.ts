import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { EventSummary } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { SeriesService } from '../events/series.service';
import { Commitment, CommitmentStatus } from './commitment.entity';
import { CommitmentsService, isEarlierInSeries } from './commitments.service';
import {
  CommitmentRecord,
  FollowUpResponse,
  SeriesCommitmentResponse,
  SeriesCommitmentsResponse,
  SeriesEventRef,
  toCommitmentResponse,
} from './commitment.dto';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeDocument } from './outcome-document.entity';

type Listed = CommitmentRecord & { document: OutcomeDocument };

/**
 * Commitments across a series, so an event can review what earlier ones committed to: every commitment of
 * the events the caller may see (as published, except for each event's own team, who see its working
 * sets), with the follow-ups later events made and the latest status along that chain.
 */
@Injectable()
export class SeriesCommitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly series: SeriesService,
    private readonly access: OutcomeAccessService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
  ) {}

  /**
   * What a commitment of this event may follow up, as `list` shows the series to this caller: the
   * commitments of the series' earlier events (the order of CommitmentsService's check), in series order.
   * The check on saving (CommitmentsService.replace) stays the rule; this only offers its choices.
   */
  async followUpCandidates(eventId: string, user: AuthenticatedUser | undefined): Promise<SeriesCommitmentResponse[]> {
    const event = await this.events.getById(eventId);
    if (!event.seriesId) return [];
    const { commitments } = await this.list(event.seriesId, user);
    const series = await this.series.get(event.seriesId, user);
    const earlier = new Set(
      series.events.filter((other) => other.id !== event.id && isEarlierInSeries(other, event)).map((other) => other.id),
    );
    return commitments.filter((commitment) => earlier.has(commitment.event.id));
  }

  async list(seriesId: string, user: AuthenticatedUser | undefined): Promise<SeriesCommitmentsResponse> {
    const series = await this.series.get(seriesId, user);
    const order = new Map(series.events.map((event, index) => [event.id, index]));
    const eventsById = new Map(series.events.map((event) => [event.id, event]));
    const teamEvents = new Set<string>();
    for (const event of series.events) if (await this.access.isTeam(event.id, user)) teamEvents.add(event.id);
    const rows = series.events.length ? await this.rows([...eventsById.keys()], teamEvents) : [];
    const visible = rows.sort(
      (a, b) =>
        order.get(a.document.eventId)! - order.get(b.document.eventId)! ||
        a.document.createdAt.getTime() - b.document.createdAt.getTime() ||
        a.position - b.position,
    );

    const followUps = new Map<string, Listed[]>();
    for (const row of visible) if (row.followsUpId) followUps.set(row.followsUpId, [...(followUps.get(row.followsUpId) ?? []), row]);
    const latestStatus = (commitment: Listed): CommitmentStatus => {
      const later = followUps.get(commitment.id);
      return later?.length ? latestStatus(later[later.length - 1]) : commitment.status;
    };
    const eventRef = (eventId: string): SeriesEventRef => toEventRef(eventsById.get(eventId)!);
    const toFollowUp = (row: Listed): FollowUpResponse => ({
      id: row.id,
      documentId: row.documentId,
      event: eventRef(row.document.eventId),
      text: row.text,
      status: row.status,
    });

    const commitments: SeriesCommitmentResponse[] = visible.map((row) => ({
      ...toCommitmentResponse(row),
      event: eventRef(row.document.eventId),
      documentTitle: row.document.title,
      followUps: (followUps.get(row.id) ?? []).map(toFollowUp),
      latestStatus: latestStatus(row),
    }));
    return { seriesId: series.id, name: series.name, commitments };
  }

  /**
   * The commitments shown for the series' documents: an event's own team sees its working sets (drafts
   * included), everyone else the commitments of the published version of each published document.
   */
  private async rows(eventIds: string[], teamEvents: Set<string>): Promise<Listed[]> {
    const documents = await this.dataSource.getRepository(OutcomeDocument).find({ where: { eventId: In(eventIds) } });
    const team = documents.filter((document) => teamEvents.has(document.eventId));
    const working = team.length
      ? await this.dataSource.getRepository(Commitment).find({ where: { documentId: In(team.map((document) => document.id)) } })
      : [];
    const byId = new Map(documents.map((document) => [document.id, document]));
    const listed: Listed[] = working.map((row) => toListed(byId.get(row.documentId)!)(row));
    for (const document of documents) {
      if (!teamEvents.has(document.eventId)) listed.push(...(await this.commitments.published(document)).map(toListed(document)));
    }
    return listed;
  }
}

const toListed =
  (document: OutcomeDocument) =>
  (row: CommitmentRecord): Listed => ({ ...row, document });
const toEventRef = (event: EventSummary): SeriesEventRef => ({
  id: event.id,
  slug: event.slug,
  title: event.title,
  startDate: event.startDate,
});
