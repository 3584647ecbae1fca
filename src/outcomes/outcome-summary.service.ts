import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { CommitmentStatus } from './commitment.entity';
import { CommitmentsService } from './commitments.service';
import { MarkdownExcerpt, markdownExcerpt } from './markdown';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomeKind } from './outcome-document.entity';
import { OutcomesService } from './outcomes.service';
import { ApiError } from '../common/errors/api-error';

/** What the `outcome_summary` mail needs about a published document. */
export interface OutcomeSummaryData {
  documentId: string;
  title: string;
  kind: OutcomeKind;
  event: { id: string; slug: string; title: string; startDate: string; endDate: string; city: string | null };
  publishedVersion: number;
  publishedAt: string;
  /** The commitments of the published version, in their order. */
  commitments: { theme: string; text: string; status: CommitmentStatus; leads: string[] }[];
  /** `${PUBLIC_URL}/events/<slug>/outcomes/<id>` */
  publicUrl: string;
  /** The opening of the published body (whole blocks): sanitised HTML, rendered as on the outcome page, and plain text. */
  excerpt: MarkdownExcerpt;
}

/** Data for other features about published outcome documents (the mail feature's outcome summary). */
@Injectable()
export class OutcomeSummaryService {
  constructor(
    private readonly config: AppConfig,
    private readonly access: OutcomeAccessService,
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
  ) {}

  /** The summary of a published document, as published; 404 if none, 409 NOT_PUBLISHED otherwise. Callers check who may send it. */
  async summary(documentId: string): Promise<OutcomeSummaryData> {
    const document = await this.access.find(documentId);
    if (document.status !== 'published' || !document.publishedVersion || !document.publishedAt) {
      throw new ApiError('NOT_PUBLISHED', 'Only a published outcome document can be summarised', { status: document.status });
    }
    const [event, version, commitments] = await Promise.all([
      this.events.getById(document.eventId),
      this.outcomes.shownVersion(document),
      this.commitments.published(document),
    ]);
    return {
      documentId: document.id,
      title: document.title,
      kind: document.kind,
      event: { id: event.id, slug: event.slug, title: event.title, startDate: event.startDate, endDate: event.endDate, city: event.city },
      publishedVersion: document.publishedVersion,
      publishedAt: document.publishedAt.toISOString(),
      commitments: commitments.map(({ theme, text, status, leads }) => ({ theme, text, status, leads })),
      publicUrl: `${this.config.publicUrl}/events/${encodeURIComponent(event.slug)}/outcomes/${document.id}`,
      excerpt: markdownExcerpt(version.body),
    };
  }
}
