import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { formatDateRange, formatDay } from '../common/dates';
import { EventsService } from '../events/events.service';
import type { PartnersByRole } from '../events/partner.dto';
import { CommitmentsService } from './commitments.service';
import { OutcomeAccessService } from './outcome-access.service';
import { renderOutcomePdf } from './outcome-pdf';
import { OutcomesService } from './outcomes.service';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';

const PARTNER_LABELS: Record<keyof PartnersByRole, string> = { host: 'Hosted by', co_organiser: 'Co-organised by', funder: 'Funded by', partner: 'With' };

/** The PDF of a published outcome document (see outcome-pdf.ts for what it shows). */
@Injectable()
export class OutcomePdfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OutcomeAccessService,
    private readonly outcomes: OutcomesService,
    private readonly commitments: CommitmentsService,
    private readonly events: EventsService,
  ) {}

  /** Published documents only (the public's view), for anyone who may read them; 404 otherwise. */
  async render(id: string, user: AuthenticatedUser | undefined): Promise<Buffer> {
    const { document } = await this.access.readable(id, user);
    if (document.status !== 'published') throw ApiError.notFound('Published outcome document');
    const [event, partners, version, commitments] = await Promise.all([
      this.events.getById(document.eventId),
      this.events.partnersByRole(document.eventId),
      this.outcomes.shownVersion(document),
      this.commitments.ofDocument(this.dataSource.manager, document.id),
    ]);

    return renderOutcomePdf({
      eventTitle: event.title,
      eventLine: formatDateRange(event.startDate, event.endDate) + (event.city ? ` · ${event.city}` : ''),
      partnerLines: (Object.keys(PARTNER_LABELS) as (keyof PartnersByRole)[])
        .map((role) => [PARTNER_LABELS[role], partners[role].map((partner) => partner.organisation.acronym ?? partner.organisation.name)] as const)
        .filter(([, names]) => names.length > 0)
        .map(([label, names]) => `${label}: ${names.join(', ')}`),
      title: document.title,
      subject: event.title,
      versionLine: `Version ${version.number}, published ${formatDay(document.publishedAt!, event.timezone)}`,
      body: version.body,
      commitments: commitments.map(({ theme, text, leads, status }) => ({ theme, text, leads, status })),
    });
  }
}
