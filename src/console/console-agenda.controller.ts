import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SessionRef, SessionResponse } from '../agenda/agenda.dto';
import { AgendaService } from '../agenda/agenda.service';
import { CreateSessionDto, SetSessionSpeakersDto, UpdateSessionDto } from '../agenda/session.dto';
import { SessionSpeakersService } from '../agenda/session-speakers.service';
import { SessionsService } from '../agenda/sessions.service';
import { SpeakerInvitationsService } from '../agenda/speaker-invitations.service';
import { SpeakersService } from '../agenda/speakers.service';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { formatCalendarDate, formatDateTime } from '../common/dates';
import { ApiError, FieldError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import {
  blankSessionValues,
  BookingFormValues,
  bookingBody,
  postedBookingValues,
  postedSessionValues,
  SessionFormValues,
} from './agenda-form';
import {
  bookingErrors,
  clockOf,
  dayHeading,
  honorificName,
  kindLabel,
  kindOptions,
  roleLabel,
  roleOptions,
  sessionBody,
  sessionErrors,
  sessionValues,
  whenText,
} from './agenda-text';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

/** What a finished action tells the organiser (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  created: 'Session added.',
  saved: 'Changes saved.',
  deleted: 'Session deleted.',
  booked: 'Speaker booked.',
  'booked-clash': 'Speaker booked, although they are in another session at the same time: the clash is listed under Conflicts.',
  removed: 'Speaker removed from the session.',
  invited: 'The invitation to this session has been queued for the speaker’s email address.',
  'invited-recently': 'The speaker was mailed the invitation moments ago, so it was not sent another time.',
};

const precedenceText = (precedence: number | null) => (precedence === null ? null : `precedence ${precedence}`);

/** A speaker's refusal to be in two places at once, as the page shows it beside the field, naming the other session. */
interface Clash {
  message: string;
  other: SessionRef & { when: string };
}

function clashOf(error: unknown, what: string): Clash | null {
  if (!(error instanceof ApiError) || error.code !== 'SPEAKER_CONFLICT') return null;
  const other = error.extra.session as SessionRef;
  const speaker = error.extra.speaker as { fullName: string };
  const when = whenText(other);
  return {
    message: `${speaker.fullName} is already booked in “${other.title}” (${when}), which overlaps ${what}.`,
    other: { ...other, when },
  };
}

/**
 * An event's agenda in the console: its days with their sessions, each session's page (details, speakers
 * booked in protocol order, invitations), the conflicts and a preview of the public agenda. Organisers
 * only. The speakers' directory is ConsoleSpeakersController.
 */
@ApiExcludeController()
@Controller('console/events/:id/agenda')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleAgendaController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly sessions: SessionsService,
    private readonly speakers: SpeakersService,
    private readonly sessionSpeakers: SessionSpeakersService,
    private readonly invitations: SpeakerInvitationsService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async page(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.agendaPage(request, reply, await this.events.getById(id), blankSessionValues(), [], {
      notice: done === 'deleted' ? NOTICES.deleted : undefined,
    });
  }

  @Post('sessions')
  @RequireEventRole('organiser')
  async create(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const values = postedSessionValues(form);
    const { dto, errors } = await validateBody(CreateSessionDto, sessionBody(values, event.timezone));
    if (errors.length === 0) {
      try {
        const session = await this.sessions.create(id, dto);
        return seeOther(reply, `/console/events/${id}/agenda/sessions/${session.id}?done=created#main`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'title');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.agendaPage(request, reply, event, values, sessionErrors(errors, values), { status: 400 });
  }

  @Get('conflicts')
  @RequireEventRole('organiser')
  async conflicts(
    @Param('id') id: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const conflicts = await this.sessionSpeakers.conflicts(id);
    const link = (session: SessionRef) => ({
      ...session,
      when: whenText(session),
      href: `/console/events/${id}/agenda/sessions/${session.id}`,
    });
    return this.views.page(request, reply, 'agenda-conflicts', {
      title: `Conflicts · Agenda · ${event.title}`,
      event,
      tab: 'agenda',
      agendaSection: 'conflicts',
      speakers: conflicts.speakers.map((clash) => ({ ...clash, sessions: clash.sessions.map(link) })),
      rooms: conflicts.rooms.map((clash) => ({ ...clash, sessions: clash.sessions.map(link) })),
      none: conflicts.speakers.length + conflicts.rooms.length === 0,
    });
  }

  /** The public agenda's own data (AgendaService.build), for drafts too: what the public page will show. */
  @Get('preview')
  @RequireEventRole('organiser')
  async preview(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const event = await this.events.getById(id);
    const agenda = await this.agenda.build(event);
    return this.views.page(request, reply, 'agenda-preview', {
      title: `Preview · Agenda · ${event.title}`,
      event,
      tab: 'agenda',
      agendaSection: 'preview',
      publicUrl: event.status === 'draft' ? null : `/events/${event.slug}/agenda`,
      zone: event.timezone,
      days: agenda.days.map((day) => ({
        heading: dayHeading(day.date),
        sessions: day.sessions.map((session) => ({
          ...session,
          from: clockOf(session.startsAt),
          to: clockOf(session.endsAt),
          kindLabel: kindLabel(session.kind),
          speakers: session.speakers.map((speaker) => ({ ...speaker, roleLabel: roleLabel(speaker.role) })),
        })),
      })),
    });
  }

  @Get('sessions/:sessionId')
  @RequireEventRole('organiser')
  async session(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    return this.sessionPage(request, reply, session, { notice: done ? NOTICES[done] : undefined });
  }

  @Post('sessions/:sessionId')
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    const event = await this.events.getById(id);
    const values = postedSessionValues(form);
    const allowConflicts = one(form, 'allowConflicts') === 'yes';
    const { dto, errors } = await validateBody(UpdateSessionDto, { ...sessionBody(values, event.timezone), allowConflicts });
    let clash: Clash | null = null;
    if (errors.length === 0) {
      try {
        await this.sessions.update(this.target(session), dto);
        return seeOther(reply, `/console/events/${id}/agenda/sessions/${session.id}?done=saved#main`);
      } catch (error) {
        clash = clashOf(error, 'the new times');
        const fields = clash ? [{ field: 'startsAt', message: clash.message }] : fieldErrorsOf(error, 'title');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.sessionPage(request, reply, session, {
      values,
      errors: sessionErrors(errors, values),
      moveClash: clash,
      status: clash ? 409 : 400,
    });
  }

  @Post('sessions/:sessionId/delete')
  @RequireEventRole('organiser')
  async remove(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    if (one(form, 'confirmed') !== 'yes') {
      const event = await this.events.getById(id);
      return this.views.page(request, reply, 'agenda-confirm', {
        title: `Delete this session? · ${event.title}`,
        event,
        tab: 'agenda',
        heading: 'Delete this session?',
        what: session.title,
        text: 'The session leaves the agenda, with its speakers’ bookings. The speakers stay in the directory.',
        button: 'Delete session',
        action: `/console/events/${id}/agenda/sessions/${session.id}/delete`,
        cancel: `/console/events/${id}/agenda/sessions/${session.id}`,
      });
    }
    await this.sessions.remove(this.target(session));
    return seeOther(reply, `/console/events/${id}/agenda?done=deleted#main`);
  }

  /** Books a speaker (or changes the role and order of one booked already); "Book anyway" posts allowConflicts=yes. */
  @Post('sessions/:sessionId/speakers')
  @RequireEventRole('organiser')
  async book(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    const values = postedBookingValues(form);
    const allowConflicts = one(form, 'allowConflicts') === 'yes';
    const { body, index } = bookingBody(session, values);
    const { dto, errors } = await validateBody(SetSessionSpeakersDto, { ...body, allowConflicts });
    let clash: Clash | null = null;
    if (errors.length === 0) {
      try {
        await this.sessionSpeakers.set(this.target(session), dto);
        return seeOther(
          reply,
          `/console/events/${id}/agenda/sessions/${session.id}?done=${allowConflicts ? 'booked-clash' : 'booked'}#speakers-heading`,
        );
      } catch (error) {
        clash = clashOf(error, 'this session');
        const fields = clash
          ? [{ field: `speakers.${index}.speakerId`, message: clash.message }]
          : fieldErrorsOf(error, `speakers.${index}.speakerId`);
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.sessionPage(request, reply, session, {
      booking: values,
      bookingErrors: bookingErrors(errors, index),
      bookClash: clash,
      status: clash ? 409 : 400,
    });
  }

  @Post('sessions/:sessionId/speakers/:speakerId/remove')
  @RequireEventRole('organiser')
  async unbook(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Param('speakerId') speakerId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    const booked = session.speakers.find((speaker) => speaker.speakerId === speakerId);
    if (!booked) throw ApiError.notFound('Speaker in this session');
    if (one(form, 'confirmed') !== 'yes') {
      const event = await this.events.getById(id);
      return this.views.page(request, reply, 'agenda-confirm', {
        title: `Remove this speaker from the session? · ${event.title}`,
        event,
        tab: 'agenda',
        heading: 'Remove this speaker from the session?',
        what: `${honorificName(booked)} · ${session.title}`,
        text: 'The speaker stays in the directory and in their other sessions.',
        button: 'Remove speaker',
        action: `/console/events/${id}/agenda/sessions/${session.id}/speakers/${speakerId}/remove`,
        cancel: `/console/events/${id}/agenda/sessions/${session.id}`,
      });
    }
    const speakers = session.speakers
      .filter((speaker) => speaker.speakerId !== speakerId)
      .map(({ speakerId, role, order }) => ({ speakerId, role, order }));
    // Removing a booking cannot make a clash; the others were checked (or allowed) when booked.
    const { dto, errors } = await validateBody(SetSessionSpeakersDto, { speakers, allowConflicts: true });
    if (errors.length > 0) throw ApiError.invalidField(errors[0].field, errors[0].message);
    await this.sessionSpeakers.set(this.target(session), dto);
    return seeOther(reply, `/console/events/${id}/agenda/sessions/${session.id}?done=removed#speakers-heading`);
  }

  @Post('sessions/:sessionId/speakers/:speakerId/invitation')
  @RequireEventRole('organiser')
  async invite(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Param('speakerId') speakerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const session = await this.sessions.inEvent(id, sessionId);
    const back = `/console/events/${id}/agenda/sessions/${session.id}`;
    try {
      await this.invitations.invite(this.target(session), speakerId);
    } catch (error) {
      // A double click: the first request mailed, this one was refused; the page says so rather than an error.
      if (!(error instanceof ApiError && error.code === 'SPEAKER_RECENTLY_INVITED')) throw error;
      return seeOther(reply, `${back}?done=invited-recently#speakers-heading`);
    }
    return seeOther(reply, `${back}?done=invited#speakers-heading`);
  }

  /** The session, known to belong to the event of the path, as the API's services take it. */
  private target(session: SessionResponse): AuthorisedTarget {
    return { id: session.id, eventId: session.eventId };
  }

  private async agendaPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    values: SessionFormValues,
    errors: FieldError[],
    { status = 200, notice }: { status?: number; notice?: string },
  ): Promise<string> {
    const [agenda, conflicts] = await Promise.all([this.agenda.build(event), this.sessionSpeakers.conflicts(event.id)]);
    const byField = messagesByField(errors);
    const clashes = conflicts.speakers.length + conflicts.rooms.length;
    return this.views.page(
      request,
      reply,
      'agenda',
      {
        title: `Agenda · ${event.title}`,
        event,
        tab: 'agenda',
        agendaSection: 'sessions',
        notice,
        zone: event.timezone,
        zoneHint: `Date and local time in ${event.timezone}`,
        dates: `${formatCalendarDate(event.startDate)} to ${formatCalendarDate(event.endDate)}`,
        publicUrl: event.status === 'draft' ? null : `/events/${event.slug}/agenda`,
        clashes: clashes === 0 ? null : clashes === 1 ? '1 clash' : `${clashes} clashes`,
        days: agenda.days.map((day) => ({
          date: day.date,
          heading: dayHeading(day.date),
          sessions: day.sessions.map((session) => ({
            ...session,
            from: clockOf(session.startsAt),
            to: clockOf(session.endsAt),
            kindLabel: kindLabel(session.kind),
            speakerNames: session.speakers.map(honorificName).join(', '),
          })),
        })),
        values,
        kinds: kindOptions(values.kind),
        errors: byField,
        hasErrors: errors.length > 0,
      },
      status,
    );
  }

  private async sessionPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    session: SessionResponse,
    options: {
      values?: SessionFormValues;
      errors?: FieldError[];
      moveClash?: Clash | null;
      booking?: BookingFormValues;
      bookingErrors?: FieldError[];
      bookClash?: Clash | null;
      notice?: string;
      status?: number;
    },
  ): Promise<string> {
    const [event, directory] = await Promise.all([this.events.getById(session.eventId), this.speakers.list(session.eventId)]);
    const values = options.values ?? sessionValues(session, event.timezone);
    const booking = options.booking ?? { speakerId: '', role: 'speaker', order: '' };
    const inDirectory = new Map(directory.map((speaker) => [speaker.id, speaker]));
    const base = `/console/events/${event.id}/agenda/sessions/${session.id}`;
    const errors = messagesByField(options.errors ?? []);
    const bookErrors = messagesByField(options.bookingErrors ?? []);
    const sessionLink = (clash: Clash | null | undefined) =>
      clash ? { ...clash, href: `/console/events/${event.id}/agenda/sessions/${clash.other.id}` } : null;
    return this.views.page(
      request,
      reply,
      'agenda-session',
      {
        title: `${session.title} · Agenda · ${event.title}`,
        event,
        tab: 'agenda',
        agendaSection: 'sessions',
        notice: options.notice,
        base,
        zone: event.timezone,
        zoneHint: `Date and local time in ${event.timezone}`,
        session: { ...session, when: whenText(session), kindLabel: kindLabel(session.kind) },
        booked: session.speakers.map((speaker) => ({
          ...speaker,
          name: honorificName(speaker),
          roleLabel: roleLabel(speaker.role),
          email: inDirectory.get(speaker.speakerId)?.email ?? null,
          precedenceText: precedenceText(inDirectory.get(speaker.speakerId)?.precedence ?? null),
          invited: speaker.invitedAt ? formatDateTime(speaker.invitedAt, event.timezone) : null,
          speakerHref: `/console/events/${event.id}/agenda/speakers/${speaker.speakerId}`,
        })),
        directory: directory.map((speaker) => ({
          value: speaker.id,
          label: speaker.precedence === null ? honorificName(speaker) : `${honorificName(speaker)} (${precedenceText(speaker.precedence)})`,
          selected: speaker.id === booking.speakerId,
        })),
        values,
        kinds: kindOptions(values.kind),
        errors,
        moveClash: sessionLink(options.moveClash),
        booking,
        roles: roleOptions(booking.role),
        bookErrors,
        bookClash: sessionLink(options.bookClash),
        hasErrors: Object.keys(errors).length + Object.keys(bookErrors).length > 0,
      },
      options.status,
    );
  }
}
