import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { AgendaModule } from '../agenda/agenda.module';
import { EventsModule } from '../events/events.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { CsrfService } from './csrf.service';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './page-renderer.service';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';

/** The public, server-rendered HTML pages. */
@Module({
  imports: [EventsModule, AgendaModule, RegistrationsModule, OutcomesModule],
  controllers: [PagesController],
  providers: [PagesService, PageRenderer, CsrfService, PageExceptionFilter],
})
export class PagesModule {}
