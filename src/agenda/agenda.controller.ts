import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AgendaResponse, ConflictsResponse } from './agenda.dto';
import { AgendaService } from './agenda.service';
import { CONTENT_TYPES } from './agenda-fast-path';
import { SessionSpeakersService } from './session-speakers.service';

@ApiTags('agenda')
@Controller('events')
export class AgendaController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly sessionSpeakers: SessionSpeakersService,
  ) {}

  @Get(':slugOrId/agenda')
  @Public()
  @Header('content-type', CONTENT_TYPES.json)
  @ApiOkResponse({ type: AgendaResponse, description: 'Public once published; the event’s team sees drafts' })
  json(@Param('slugOrId') slugOrId: string, @CurrentUser() user?: AuthenticatedUser): Promise<string> {
    return this.agenda.json(slugOrId, user);
  }

  @Get(':slugOrId/agenda.ics')
  @Public()
  @Header('content-type', CONTENT_TYPES.ics)
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'RFC 5545 calendar, one VEVENT per session (UTC times, UID <sessionId>@plenary)' })
  ics(@Param('slugOrId') slugOrId: string, @CurrentUser() user?: AuthenticatedUser): Promise<string> {
    return this.agenda.ics(slugOrId, user);
  }

  @Get(':id/conflicts')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: ConflictsResponse })
  conflicts(@Param('id') eventId: string): Promise<ConflictsResponse> {
    return this.sessionSpeakers.conflicts(eventId);
  }
}
