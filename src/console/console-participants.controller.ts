import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { listView } from '../documents/participants-page.service';
import { PublishParticipantsDto } from '../documents/participants.dto';
import { ParticipantsService } from '../documents/participants.service';
import type { ParticipantsListStatus } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

/** What the screen says after a publication step (`?done=`): fixed texts, never user input. */
const NOTICES: Record<ParticipantsListStatus, string> = {
  provisional: 'The provisional list is published: anyone can read it on the event’s page.',
  final: 'The final list is published: anyone can read it on the event’s page.',
  unpublished: 'The list is no longer public.',
};

const STATUS_TEXT: Record<ParticipantsListStatus, string> = {
  unpublished: 'Not published',
  provisional: 'Published as provisional',
  final: 'Published as final',
};

/**
 * The List of Participants for the organisers (src/documents/README.md): its status, who is and is not on it, a
 * preview as the public will see it, the PDF, and Publish provisional / Publish final / Unpublish, which call
 * ParticipantsService.publish as the API's route does.
 */
@ApiExcludeController()
@Controller('console/events/:id/participants')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleParticipantsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly participants: ParticipantsService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async page(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const [groups, counts] = await Promise.all([
      this.participants.plan(event).then((plan) => this.participants.collected(plan)),
      this.participants.counts(event.id),
    ]);
    const status = event.participantsList;
    return this.views.page(request, reply, 'participants', {
      title: `List of Participants · ${event.title}`,
      event,
      tab: 'participants',
      notice: done && Object.hasOwn(NOTICES, done) ? NOTICES[done as ParticipantsListStatus] : undefined,
      statusText: STATUS_TEXT[status],
      statusLine: this.participants.statusLine(event),
      published: status !== 'unpublished',
      mayPublishProvisional: status !== 'provisional',
      mayPublishFinal: status !== 'final',
      counts,
      sections: listView(groups),
      publicUrl: `/events/${event.slug}/participants`,
      pdfUrl: `/console/events/${event.id}/participants/list.pdf`,
    });
  }

  @Post('publish')
  @RequireEventRole('organiser')
  async publish(@Param('id') id: string, @Body() form: Posted, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { dto, errors } = await validateBody(PublishParticipantsDto, { status: one(form, 'status') ?? '' });
    if (errors.length > 0) throw ApiError.invalidField('status', errors[0].message);
    const { status } = await this.participants.publish(id, dto.status);
    return seeOther(reply, `/console/events/${id}/participants?done=${status}`);
  }

  /** The PDF as it is or would be published (organisers see it before publication too), streamed. */
  @Get('list.pdf')
  @RequireEventRole('organiser')
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const event = await this.events.getById(id);
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="participants-${event.slug}.pdf"`);
    return new StreamableFile(await this.participants.pdf(event));
  }
}
