import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { CommitmentStatus } from './commitment.entity';
import { CommitmentsService } from './commitments.service';
import { renderMarkdown, renderPlainText } from './markdown';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeKind } from './outcome-document.entity';
import { OutcomesService } from './outcomes.service';
import { ApiError } from '../common/errors/api-error';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the `outcome_summary` mail needs about a published document. */
export interface OutcomeSummaryData {
  documentId: string;
  title: string;
  kind: OutcomeKind;
  event: { id: string; slug: string; title: string; startDate: string; endDate: string; city: string | null };
  publishedVersion: number;
  publishedAt: string;
  /** Endorsed, in-progress and achieved commitments first (proposed next; dropped ones left out), at most `limit`. */
  keyCommitments: { theme: string; text: string; status: CommitmentStatus; leads: string[] }[];
  totalCommitments: number;
  /** `${PUBLIC_URL}/events/<slug>/outcomes/<id>` */
  publicUrl: string;
  /** The published body as sanitised HTML and as plain text. */
  html: string;
  text: string;
}

const KEY_ORDER: CommitmentStatus[] = ['endorsed', 'in_progress', 'achieved', 'proposed'];

/** Data for other features about published outcome documents (the mail feature's outcome summary). */
@Injectable()
export class OutcomeSummaryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly access: OutcomeAccessService,
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
  ) {}

  /** The summary of a published document; 404 if none, 409 NOT_PUBLISHED otherwise. Callers check who may send it. */
  async summary(documentId: string, limit = 6): Promise<OutcomeSummaryData> {
    const document = await this.access.find(documentId);
    if (document.status !== 'published' || !document.publishedVersion || !document.publishedAt) {
      throw ApiError.conflict('NOT_PUBLISHED', 'Only a published outcome document can be summarised', { status: document.status });
    }
    const [event, version, commitments] = await Promise.all([
      this.events.getById(document.eventId),
      this.outcomes.shownVersion(document),
      this.commitments.ofDocument(this.dataSource.manager, document.id),
    ]);
    const key = commitments
      .filter((commitment) => commitment.status !== 'dropped')
      .sort((a, b) => KEY_ORDER.indexOf(a.status) - KEY_ORDER.indexOf(b.status) || a.position - b.position)
      .slice(0, limit);
    return {
      documentId: document.id,
      title: document.title,
      kind: document.kind,
      event: { id: event.id, slug: event.slug, title: event.title, startDate: event.startDate, endDate: event.endDate, city: event.city },
      publishedVersion: document.publishedVersion,
      publishedAt: document.publishedAt.toISOString(),
      keyCommitments: key.map(({ theme, text, status, leads }) => ({ theme, text, status, leads })),
      totalCommitments: commitments.length,
      publicUrl: `${this.config.publicUrl}/events/${encodeURIComponent(event.slug)}/outcomes/${document.id}`,
      html: renderMarkdown(version.body),
      text: renderPlainText(version.body),
    };
  }
}
