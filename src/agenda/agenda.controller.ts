import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Public, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AgendaResponse, ConflictsResponse } from './agenda.dto';
import { Encoded, negotiate } from './agenda-encoding';
import { AgendaService } from './agenda.service';
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
  @ApiOkResponse({ type: AgendaResponse, description: 'Public once published; the event’s team sees drafts. Gzip-compressed if accepted.' })
  async json(
    @Param('slugOrId') slugOrId: string,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() user?: AuthenticatedUser,
  ): Promise<Buffer> {
    return send(reply, await this.agenda.json(slugOrId, user), acceptEncoding);
  }

  @Get(':slugOrId/agenda.ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'RFC 5545 calendar, one VEVENT per session (UTC times, UID <sessionId>@plenary)' })
  async ics(
    @Param('slugOrId') slugOrId: string,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() user?: AuthenticatedUser,
  ): Promise<Buffer> {
    return send(reply, await this.agenda.ics(slugOrId, user), acceptEncoding);
  }

  @Get(':id/conflicts')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: ConflictsResponse })
  conflicts(@Param('id') eventId: string): Promise<ConflictsResponse> {
    return this.sessionSpeakers.conflicts(eventId);
  }
}

function send(reply: FastifyReply, document: Encoded, acceptEncoding: string | undefined): Buffer {
  const { headers, body } = negotiate(document, acceptEncoding);
  void reply.headers(headers);
  return body;
}
