import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
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
  @ApiOkResponse({ type: SessionResponse })
  @ApiConflictResponse({ description: 'SPEAKER_CONFLICT: the new times would put a booked speaker in two sessions at once' })
  update(@Param('id') id: string, @Body() dto: UpdateSessionDto, @CurrentUser() user: AuthenticatedUser): Promise<SessionResponse> {
    return this.sessions.update(id, dto, user);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.remove(id, user);
  }

  @Post('sessions/:id/speakers/:speakerId/invitation')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: SpeakerInvitationResponse,
    description: 'The speaker_invitation mail is queued; 409 SPEAKER_WITHOUT_EMAIL when the speaker has no address',
  })
  inviteSpeaker(
    @Param('id') sessionId: string,
    @Param('speakerId') speakerId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ mailId: string }> {
    return this.speakerInvitations.invite(sessionId, speakerId, user);
  }

  @Put('sessions/:id/speakers')
  @ApiOkResponse({ type: SessionResponse, description: 'The session with its speakers in protocol order' })
  @ApiConflictResponse({ description: 'SPEAKER_CONFLICT, naming the overlapping session (unless allowConflicts)' })
  setSpeakers(
    @Param('id') id: string,
    @Body() dto: SetSessionSpeakersDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SessionResponse> {
    return this.sessionSpeakers.set(id, dto, user);
  }
}
