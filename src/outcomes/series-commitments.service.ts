import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { EventSummary } from '../events/event.dto';
import { SeriesService } from '../events/series.service';
import { Commitment, CommitmentStatus } from './commitment.entity';
import { FollowUpResponse, SeriesCommitmentResponse, SeriesCommitmentsResponse, SeriesEventRef, toCommitmentResponse } from './commitment.dto';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeDocument } from './outcome-document.entity';

type Listed = Commitment & { document: OutcomeDocument };

/**
 * Commitments across a series, so an event can review what earlier ones committed to: every commitment of
 * the events the caller may see (published documents only, except for each event's own team), with the
 * follow-ups later events made and the latest status along that chain.
 */
@Injectable()
export class SeriesCommitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly series: SeriesService,
    private readonly access: OutcomeAccessService,
  ) {}

  async list(seriesId: string, user: AuthenticatedUser | undefined): Promise<SeriesCommitmentsResponse> {
    const series = await this.series.get(seriesId, user);
    const order = new Map(series.events.map((event, index) => [event.id, index]));
    const eventsById = new Map(series.events.map((event) => [event.id, event]));
    const teamEvents = new Set<string>();
    for (const event of series.events) if (await this.access.isTeam(event.id, user)) teamEvents.add(event.id);
    const rows = series.events.length
      ? await this.dataSource
          .getRepository(Commitment)
          .createQueryBuilder('commitment')
          .innerJoinAndMapOne('commitment.document', OutcomeDocument, 'document', 'document.id = commitment.documentId')
          .where('document.eventId IN (:...eventIds)', { eventIds: [...eventsById.keys()] })
          .getMany()
      : [];
    const visible = (rows as Listed[])
      .filter((row) => row.document.status === 'published' || teamEvents.has(row.document.eventId))
      .sort((a, b) => order.get(a.document.eventId)! - order.get(b.document.eventId)! || a.document.createdAt.getTime() - b.document.createdAt.getTime() || a.position - b.position);

    const followUps = new Map<string, Listed[]>();
    for (const row of visible) if (row.followsUpId) followUps.set(row.followsUpId, [...(followUps.get(row.followsUpId) ?? []), row]);
    const latestStatus = (commitment: Listed): CommitmentStatus => {
      const later = followUps.get(commitment.id);
      return later?.length ? latestStatus(later[later.length - 1]) : commitment.status;
    };
    const eventRef = (eventId: string): SeriesEventRef => toEventRef(eventsById.get(eventId)!);
    const toFollowUp = (row: Listed): FollowUpResponse => ({ id: row.id, documentId: row.documentId, event: eventRef(row.document.eventId), text: row.text, status: row.status });

    const commitments: SeriesCommitmentResponse[] = visible.map((row) => ({
      ...toCommitmentResponse(row),
      event: eventRef(row.document.eventId),
      documentTitle: row.document.title,
      followUps: (followUps.get(row.id) ?? []).map(toFollowUp),
      latestStatus: latestStatus(row),
    }));
    return { seriesId: series.id, name: series.name, commitments };
  }
}

const toEventRef = (event: EventSummary): SeriesEventRef => ({ id: event.id, slug: event.slug, title: event.title, startDate: event.startDate });
