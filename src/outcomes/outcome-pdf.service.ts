import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { formatDateRange, formatDay } from '../common/dates';
import { EventsService } from '../events/events.service';
import type { PartnersByRole } from '../events/partner.dto';
import { CommitmentsService } from './commitments.service';
import { OutcomeAccessService } from './outcome-access.service';
import { OUTCOME_PDF_LAYOUT, OutcomePdfInput } from './outcome-pdf';
import { OutcomePdfRenderer } from './outcome-pdf-renderer.service';
import { OutcomesService } from './outcomes.service';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';

const PARTNER_LABELS: Record<keyof PartnersByRole, string> = {
  host: 'Hosted by',
  co_organiser: 'Co-organised by',
  funder: 'Funded by',
  partner: 'With',
};

/**
 * The PDF of a published outcome document (see outcome-pdf.ts for what it shows): rendered once per
 * published version in a thread of its own (OutcomePdfRenderer) and stored in PostgreSQL (OutcomePdf).
 */
@Injectable()
export class OutcomePdfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
    private readonly renderer: OutcomePdfRenderer,
  ) {}

  /** Renders in flight in this instance, by version and input: concurrent downloads of a new version wait for one render. */
  private readonly rendering = new Map<string, Promise<Buffer>>();

  /** Published documents only (the public's view), for anyone who may read them; 404 otherwise. */
  async render(id: string, user: AuthenticatedUser | undefined): Promise<Buffer> {
    const { document } = await this.access.readable(id, user);
    if (document.status !== 'published') throw ApiError.notFound('Published outcome document');
    const [event, partners, commitments] = await Promise.all([
      this.events.getById(document.eventId),
      this.events.partnersByRole(document.eventId),
      this.commitments.published(document),
    ]);
    const version = document.publishedVersion!;

    // Everything but the body, which a published version never changes: it is read only to render.
    const input: Omit<OutcomePdfInput, 'body'> = {
      eventTitle: event.title,
      eventLine: formatDateRange(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''),
      partnerLines: (Object.keys(PARTNER_LABELS) as (keyof PartnersByRole)[])
        .map(
          (role) =>
            [PARTNER_LABELS[role], partners[role].map((partner) => partner.organisation.acronym ?? partner.organisation.name)] as const,
        )
        .filter(([, names]) => names.length > 0)
        .map(([label, names]) => `${label}: ${names.join(', ')}`),
      title: document.title,
      subject: event.title,
      versionLine: `Version ${version}, published ${formatDay(document.publishedAt!, event.timezone)}`,
      commitments: commitments.map(({ theme, text, leads, status }) => ({ theme, text, leads, status })),
      createdAt: document.publishedAt!.toISOString(),
    };
    return this.stored(document.id, version, input, async () => ({ ...input, body: (await this.outcomes.shownVersion(document)).body }));
  }

  /**
   * The stored PDF of this version when it was rendered from the same input; otherwise renders it (once
   * per instance however many ask at the same time) and stores it. When two instances render the same
   * input at once, the first row stays and both answer with its bytes.
   */
  private async stored(
    documentId: string,
    version: number,
    input: Omit<OutcomePdfInput, 'body'>,
    complete: () => Promise<OutcomePdfInput>,
  ): Promise<Buffer> {
    const inputSha256 = createHash('sha256')
      .update(JSON.stringify({ layout: OUTCOME_PDF_LAYOUT, documentId, version, input }))
      .digest('hex');
    const [row]: { pdf: Buffer }[] = await this.dataSource.query(
      `SELECT "pdf" FROM "outcome_pdf" WHERE "document_id" = $1 AND "version" = $2 AND "input_sha256" = $3`,
      [documentId, version, inputSha256],
    );
    if (row) return row.pdf;
    const key = `${documentId}:${version}:${inputSha256}`;
    let rendering = this.rendering.get(key);
    if (!rendering) {
      rendering = complete()
        .then((full) => this.renderAndStore(documentId, version, inputSha256, full))
        .finally(() => this.rendering.delete(key));
      this.rendering.set(key, rendering);
    }
    return rendering;
  }

  private async renderAndStore(documentId: string, version: number, inputSha256: string, input: OutcomePdfInput): Promise<Buffer> {
    const pdf = await this.renderer.render(input);
    const [kept]: { pdf: Buffer }[] = await this.dataSource.query(
      `INSERT INTO "outcome_pdf" ("document_id", "version", "input_sha256", "pdf") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("document_id", "version") DO UPDATE SET "input_sha256" = EXCLUDED."input_sha256", "pdf" = EXCLUDED."pdf", "rendered_at" = now()
         WHERE "outcome_pdf"."input_sha256" <> EXCLUDED."input_sha256"
       RETURNING "pdf"`,
      [documentId, version, inputSha256, pdf],
    );
    if (kept) return kept.pdf;
    const [existing]: { pdf: Buffer }[] = await this.dataSource.query(
      `SELECT "pdf" FROM "outcome_pdf" WHERE "document_id" = $1 AND "version" = $2`,
      [documentId, version],
    );
    return existing?.pdf ?? pdf;
  }
}
