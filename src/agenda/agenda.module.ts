import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { SpeakerInvitationsService } from './speaker-invitations.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { AgendaController } from './agenda.controller';
import { AgendaFastPath } from './agenda-fast-path';
import { AgendaService } from './agenda.service';
import { SessionSpeaker } from './session-speaker.entity';
import { SessionSpeakersService } from './session-speakers.service';
import { Session } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { Speaker } from './speaker.entity';
import { SpeakersController } from './speakers.controller';
import { SpeakersService } from './speakers.service';

/** Sessions, speakers and their bookings, conflicts, and the public agenda (JSON and iCalendar). */
@Module({
  imports: [TypeOrmModule.forFeature([Session, Speaker, SessionSpeaker]), EventsModule, MailModule],
  controllers: [AgendaController, SessionsController, SpeakersController],
  providers: [SpeakerInvitationsService, AgendaService, AgendaFastPath, SessionsService, SpeakersService, SessionSpeakersService],
  exports: [SessionsService, SpeakersService, SessionSpeakersService, AgendaService, SpeakerInvitationsService],
})
export class AgendaModule {}
