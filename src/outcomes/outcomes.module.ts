import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { OutcomeMailingsService } from './outcome-mailings.service';
import { EventsModule } from '../events/events.module';
import { CommitmentsService } from './commitments.service';
import { OutcomeAccessService } from './outcome-access.service';
import { OutcomePdfRenderer } from './outcome-pdf-renderer.service';
import { OutcomePdfService } from './outcome-pdf.service';
import { OutcomeSummaryService } from './outcome-summary.service';
import { OutcomeVersionsService } from './outcome-versions.service';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';
import { SeriesCommitmentsService } from './series-commitments.service';

/** Outcome documents, their versions, review workflow, commitments across a series, and their PDF. */
@Module({
  imports: [EventsModule, MailModule, RegistrationsModule],
  controllers: [OutcomesController],
  providers: [
    OutcomesService,
    OutcomeAccessService,
    OutcomeVersionsService,
    CommitmentsService,
    SeriesCommitmentsService,
    OutcomePdfService,
    OutcomePdfRenderer,
    OutcomeSummaryService,
    OutcomeMailingsService,
  ],
  exports: [
    OutcomesService,
    CommitmentsService,
    OutcomeSummaryService,
    OutcomeVersionsService,
    SeriesCommitmentsService,
    OutcomeMailingsService,
  ],
})
export class OutcomesModule {}
