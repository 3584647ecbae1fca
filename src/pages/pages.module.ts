import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { AgendaModule } from '../agenda/agenda.module';
import { EventsModule } from '../events/events.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { MailModule } from '../mail/mail.module';
import { DocumentsModule } from '../documents/documents.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { PageExceptionFilter } from './page-exception.filter';
import { IdentityModule } from '../identity/identity.module';
import { PageRenderer } from './page-renderer.service';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';
import { RegistrationPagesService } from './registration-pages.service';

/** The public, server-rendered HTML pages. */
@Module({
  imports: [
    EventsModule,
    AgendaModule,
    RegistrationsModule,
    OutcomesModule,
    DelegationsModule,
    MailModule,
    DocumentsModule,
    IdentityModule,
  ],
  controllers: [PagesController],
  providers: [PagesService, RegistrationPagesService, PageRenderer, PageExceptionFilter],
})
export class PagesModule {}
