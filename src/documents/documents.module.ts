import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ParticipantsPageService } from './participants-page.service';
import { ParticipantsController } from './participants.controller';
import { ParticipantsService } from './participants.service';

/** Official documents of an event (src/documents/README.md): so far the List of Participants. */
@Module({
  imports: [EventsModule],
  controllers: [ParticipantsController],
  providers: [ParticipantsService, ParticipantsPageService],
  exports: [ParticipantsService, ParticipantsPageService],
})
export class DocumentsModule {}
