import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authorised, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { SessionResponse, SpeakerInvitationResponse } from './agenda.dto';
import { CreateSessionDto, SetSessionSpeakersDto, UpdateSessionDto } from './session.dto';
import { SessionSpeakersService } from './session-speakers.service';
import { SessionsService } from './sessions.service';
import { SpeakerInvitationsService } from './speaker-invitations.service';

@ApiTags('agenda')
@Controller()
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly sessionSpeakers: SessionSpeakersService,
    private readonly speakerInvitations: SpeakerInvitationsService,
  ) {}

  @Post('events/:id/sessions')
  @RequireEventRole('organiser')
  @ApiCreatedResponse({
    type: SessionResponse,
    description: 'Overlapping another session in the same room is allowed, and listed by /conflicts',
  })
  create(@Param('id') eventId: string, @Body() dto: CreateSessionDto): Promise<SessionResponse> {
    return this.sessions.create(eventId, dto);
  }

  @Patch('sessions/:id')
  @RequireEventRoleFor('session', 'organiser')
  @ApiOkResponse({ type: SessionResponse })
  @ApiConflictResponse({ description: 'SPEAKER_CONFLICT: the new times would put a booked speaker in two sessions at once' })
  update(@Authorised() session: AuthorisedTarget, @Body() dto: UpdateSessionDto): Promise<SessionResponse> {
    return this.sessions.update(session, dto);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @RequireEventRoleFor('session', 'organiser')
  @ApiNoContentResponse()
  remove(@Authorised() session: AuthorisedTarget): Promise<void> {
    return this.sessions.remove(session);
  }

  @Post('sessions/:id/speakers/:speakerId/invitation')
  @HttpCode(202)
  @RequireEventRoleFor('session', 'organiser')
  @ApiAcceptedResponse({
    type: SpeakerInvitationResponse,
    description: 'The speaker_invitation mail is queued; 409 SPEAKER_WITHOUT_EMAIL when the speaker has no address',
  })
  inviteSpeaker(@Authorised() session: AuthorisedTarget, @Param('speakerId') speakerId: string): Promise<{ mailId: string }> {
    return this.speakerInvitations.invite(session, speakerId);
  }

  @Put('sessions/:id/speakers')
  @RequireEventRoleFor('session', 'organiser')
  @ApiOkResponse({ type: SessionResponse, description: 'The session with its speakers in protocol order' })
  @ApiConflictResponse({ description: 'SPEAKER_CONFLICT, naming the overlapping session (unless allowConflicts)' })
  setSpeakers(@Authorised() session: AuthorisedTarget, @Body() dto: SetSessionSpeakersDto): Promise<SessionResponse> {
    return this.sessionSpeakers.set(session, dto);
  }
}
