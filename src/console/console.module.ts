import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { AccountsModule } from '../auth/accounts.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { EventChangesModule } from '../events/event-changes.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ConsoleAgendaController } from './console-agenda.controller';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { ConsoleOutcomesController } from './console-outcomes.controller';
import { ConsoleDelegationsController } from './console-delegations.controller';
import { ConsoleSpeakersController } from './console-speakers.controller';
import { ConsoleAccountsController } from './console-accounts.controller';
import { ConsoleCheckInController } from './console-check-in.controller';
import { ConsoleEventsController } from './console-events.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleRegistrationsController } from './console-registrations.controller';
import { ConsoleFormController } from './console-form.controller';
import { ConsoleMailingsController } from './console-mailings.controller';
import { ConsoleMailTemplatesController } from './console-mail-templates.controller';
import { ConsoleMailController } from './console-mail.controller';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.controller';
import { IdentityModule } from '../identity/identity.module';
import { ConsoleTeamController } from './console-team.controller';
import { ConsoleInvitationsController } from './console-invitations.controller';
import { DocumentsModule } from '../documents/documents.module';
import { ConsoleParticipantsController } from './console-participants.controller';
import { LettersModule } from '../documents/letters.module';
import { ConsoleLettersController } from './console-letters.controller';

/** The organisers' console: server-rendered pages under /console that call the same services as the API. */
@Module({
  imports: [
    EventsModule,
    EventChangesModule,
    DashboardModule,
    RegistrationsModule,
    DelegationsModule,
    AccountsModule,
    MailModule,
    AgendaModule,
    OutcomesModule,
    DocumentsModule,
    IdentityModule,
    LettersModule,
  ],
  controllers: [
    ConsoleController,
    ConsoleEventsController,
    ConsoleRegistrationsController,
    ConsoleFormController,
    ConsoleDelegationsController,
    ConsoleTeamController,
    ConsoleAccountsController,
    ConsoleInvitationsController,
    ConsoleMailingsController,
    ConsoleCheckInController,
    ConsoleMailController,
    ConsoleMailTemplatesController,
    ConsoleAgendaController,
    ConsoleSpeakersController,
    ConsoleOutcomesController,
    ConsoleParticipantsController,
    ConsoleLettersController,
  ],
  providers: [ConsoleViews, ConsoleExceptionFilter],
})
export class ConsoleModule {}
