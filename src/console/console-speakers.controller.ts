import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateSpeakerDto, SpeakerResponse, UpdateSpeakerDto } from '../agenda/speaker.dto';
import { SpeakersService } from '../agenda/speakers.service';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import type { FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { blankSpeakerValues, postedSpeakerValues, speakerBody, SpeakerFormValues, speakerValues } from './agenda-form';
import { honorificName, speakerErrors } from './agenda-text';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

const NOTICES: Record<string, string> = {
  created: 'Speaker added.',
  saved: 'Changes saved.',
  deleted: 'Speaker deleted, with their bookings.',
};

/** The event's speakers: the directory with the form to add one, and each speaker's page. Organisers only. */
@ApiExcludeController()
@Controller('console/events/:id/agenda/speakers')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleSpeakersController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly speakers: SpeakersService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async list(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const notice = done ? NOTICES[done] : undefined;
    return this.listPage(request, reply, await this.events.getById(id), blankSpeakerValues(), [], 200, notice);
  }

  @Post()
  @RequireEventRole('organiser')
  async create(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = postedSpeakerValues(form);
    const { dto, errors } = await validateBody(CreateSpeakerDto, speakerBody(values));
    if (errors.length === 0) {
      try {
        await this.speakers.create(id, dto);
        return seeOther(reply, `/console/events/${id}/agenda/speakers?done=created#main`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'fullName');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.listPage(request, reply, await this.events.getById(id), values, errors, 400);
  }

  @Get(':speakerId')
  @RequireEventRole('organiser')
  async page(
    @Param('id') id: string,
    @Param('speakerId') speakerId: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const speaker = await this.speakers.inEvent(id, speakerId);
    return this.speakerPage(request, reply, speaker, speakerValues(speaker), [], 200, done ? NOTICES[done] : undefined);
  }

  @Post(':speakerId')
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Param('speakerId') speakerId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const speaker = await this.speakers.inEvent(id, speakerId);
    const values = postedSpeakerValues(form);
    const { dto, errors } = await validateBody(UpdateSpeakerDto, speakerBody(values));
    if (errors.length === 0) {
      try {
        await this.speakers.update({ id: speaker.id, eventId: speaker.eventId }, dto);
        return seeOther(reply, `/console/events/${id}/agenda/speakers/${speaker.id}?done=saved#main`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'fullName');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.speakerPage(request, reply, speaker, values, errors, 400);
  }

  @Post(':speakerId/delete')
  @RequireEventRole('organiser')
  async remove(
    @Param('id') id: string,
    @Param('speakerId') speakerId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const speaker = await this.speakers.inEvent(id, speakerId);
    if (one(form, 'confirmed') !== 'yes') {
      const event = await this.events.getById(id);
      return this.views.page(request, reply, 'agenda-confirm', {
        title: `Delete this speaker? · ${event.title}`,
        event,
        tab: 'agenda',
        heading: 'Delete this speaker?',
        what: honorificName(speaker),
        text: 'The speaker leaves the directory and every session they are booked in.',
        button: 'Delete speaker',
        action: `/console/events/${id}/agenda/speakers/${speaker.id}/delete`,
        cancel: `/console/events/${id}/agenda/speakers/${speaker.id}`,
      });
    }
    await this.speakers.remove({ id: speaker.id, eventId: speaker.eventId });
    return seeOther(reply, `/console/events/${id}/agenda/speakers?done=deleted#main`);
  }

  private async listPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    values: SpeakerFormValues,
    errors: FieldError[],
    status: number,
    notice?: string,
  ): Promise<string> {
    const speakers = (await this.speakers.list(event.id)).map((speaker) => ({ ...speaker, name: honorificName(speaker) }));
    const byField = messagesByField(speakerErrors(errors));
    return this.views.page(
      request,
      reply,
      'agenda-speakers',
      {
        title: `Speakers · Agenda · ${event.title}`,
        event,
        tab: 'agenda',
        agendaSection: 'speakers',
        notice,
        speakers,
        values,
        errors: byField,
        hasErrors: errors.length > 0,
      },
      status,
    );
  }

  private async speakerPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    speaker: SpeakerResponse,
    values: SpeakerFormValues,
    errors: FieldError[],
    status: number,
    notice?: string,
  ): Promise<string> {
    const event = await this.events.getById(speaker.eventId);
    const byField = messagesByField(speakerErrors(errors));
    return this.views.page(
      request,
      reply,
      'agenda-speaker',
      {
        title: `${speaker.fullName} · Speakers · ${event.title}`,
        event,
        tab: 'agenda',
        agendaSection: 'speakers',
        notice,
        speaker: { ...speaker, name: honorificName(speaker) },
        values,
        errors: byField,
        hasErrors: errors.length > 0,
      },
      status,
    );
  }
}
