import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { MailingsService } from '../mail/mailings.service';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { styleForMail } from './markdown';
import { OutcomeSummaryMailing } from './outcome-summary-mailing.entity';
import { OutcomeSummaryService } from './outcome-summary.service';

export type SummaryAudience = 'confirmed' | 'all';

/**
 * Sends a published document's summary (`outcome_summary`) to the event's registrants: confirmed ones,
 * or all active ones (pending and waitlisted too). Once per published version: asking again for the same
 * version is refused with 409 SUMMARY_ALREADY_SENT; republishing a new version allows a new mailing.
 */
@Injectable()
export class OutcomeMailingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly summaries: OutcomeSummaryService,
    private readonly registrations: RegistrationQueriesService,
    private readonly mailings: MailingsService,
  ) {}

  /** The route checked the caller organises the document's event. */
  async send(
    { id: documentId }: AuthorisedTarget,
    audience: SummaryAudience,
    user: AuthenticatedUser,
  ): Promise<{ mailingId: string; total: number; version: number }> {
    const summary = await this.summaries.summary(documentId);
    const recipients = await this.registrations.recipients(
      summary.event.id,
      audience === 'confirmed' ? ['confirmed'] : ['pending', 'confirmed', 'waitlisted'],
    );
    const outcome = {
      title: summary.title,
      kind: summary.kind.replace(/_/g, ' '),
      summary: summary.excerpt.text,
      html: styleForMail(summary.excerpt.html),
      url: summary.publicUrl,
      commitments: summary.commitments.map(({ theme, text, status }) => ({ theme, text, status: status.replace(/_/g, ' ') })),
    };
    try {
      const mailingId = await this.dataSource.transaction(async (manager) => {
        const mailingId = await this.mailings.createMailing(
          manager,
          { eventId: summary.event.id, template: 'outcome_summary', createdById: user.id },
          recipients.map((recipient) => ({
            template: 'outcome_summary' as const,
            eventId: summary.event.id,
            to: recipient.email,
            data: { recipient, outcome },
          })),
        );
        await manager.insert(OutcomeSummaryMailing, { documentId, versionNumber: summary.publishedVersion, mailingId, audience });
        return mailingId;
      });
      return { mailingId, total: recipients.length, version: summary.publishedVersion };
    } catch (error) {
      if (isUniqueViolation(error, 'pk_outcome_summary_mailing')) {
        throw new ApiError(
          'SUMMARY_ALREADY_SENT',
          `The summary of version ${summary.publishedVersion} has already been sent; publish a new version to send again`,
        );
      }
      throw error;
    }
  }
}
