import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { AuthModule } from '../auth/auth.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { EventChangesModule } from '../events/event-changes.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { AccreditationModule } from '../accreditation/accreditation.module';
import { DocumentsModule } from '../documents/documents.module';
import { LettersModule } from '../documents/letters.module';
import { IdentityModule } from '../identity/identity.module';
import { DemoSeedService } from './demo-seed.service';

/** The Islamabad demo data (`npm run cli -- seed:demo`, or DEMO_SEED at start-up). */
@Module({
  imports: [
    AuthModule,
    EventsModule,
    EventChangesModule,
    AgendaModule,
    DelegationsModule,
    RegistrationsModule,
    OutcomesModule,
    MailModule,
    AccreditationModule,
    IdentityModule,
    LettersModule,
    DocumentsModule,
  ],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
