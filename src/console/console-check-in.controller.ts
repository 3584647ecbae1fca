import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole, RequireEventRoleForRow } from '../auth/auth.decorators';
import { formatDay, formatTime } from '../common/dates';
import { validateBody } from '../common/validate-body';
import { DelegationsService } from '../delegations/delegations.service';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { Arrival, CheckInOutcome, CheckInsService } from '../registrations/check-ins.service';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { CheckInDto, ListRegistrationsQuery, RegistrationResponse } from '../registrations/registration.dto';
import type { RegistrationStatus } from '../registrations/registration.entity';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { messagesByField, one, Posted } from './console-forms';
import { ConsoleViews } from './console-views.service';

const SEARCH_PAGE_SIZE = 20;
const ROLES = ['organiser', 'checkin'] as const;

/** What the desk shows after a scan: one of three tones, each with its own colour, icon and words. */
export interface DeskResult {
  result: 'checked_in' | 'already_checked_in' | 'not_valid';
  tone: 'ok' | 'warn' | 'bad';
  heading: string;
  detail: string;
  person: {
    name: string;
    delegation: string | null;
    organisation: string | null;
    category: string;
    status: RegistrationStatus;
  } | null;
}

interface Counts {
  checkedIn: number;
  confirmed: number;
}

const WHY_NOT_CONFIRMED: Record<RegistrationStatus, string> = {
  pending: 'This registration is still waiting for approval.',
  waitlisted: 'This person is on the waitlist, not confirmed.',
  rejected: 'This registration was rejected.',
  cancelled: 'This registration was cancelled.',
  confirmed: '',
};
const notValid = (detail: string): DeskResult => ({ result: 'not_valid', tone: 'bad', heading: 'Not valid', detail, person: null });
const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
const nameOf = (registration: Pick<RegistrationResponse, 'honorific' | 'givenName' | 'familyName'>) =>
  [registration.honorific, registration.givenName, registration.familyName].filter(Boolean).join(' ');
/** The HTTP status of a scan's answer, as the API's check-in would give it. */
const STATUS_OF: Record<CheckInOutcome['outcome'] | 'malformed', number> = {
  checked_in: 200,
  already_checked_in: 409,
  not_confirmed: 409,
  unknown: 404,
  malformed: 400,
};

/**
 * The check-in desk (organisers and check-in staff): a badge's code scanned by the camera, typed by a USB
 * scanner or by hand, or a registration found by name, checked in with CheckInsService.arrive, the API's
 * rule (once; a second scan says when the first was). Works as plain forms; check-in.js adds the camera,
 * sends scans as JSON (`scans`), keeps them while the connection is lost, and polls `attendance.json`.
 */
@ApiExcludeController()
@Controller('console/events/:id/check-in')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleCheckInController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly checkIns: CheckInsService,
    private readonly queries: RegistrationQueriesService,
    private readonly delegations: DelegationsService,
  ) {}

  @Get()
  @RequireEventRole(...ROLES)
  async page(
    @Param('id') id: string,
    @Query('q') q: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    return this.desk(request, reply, event, { q: typeof q === 'string' ? q : '' });
  }

  /** The code form (a USB scanner types the code and Enter): the result page, rendered (the code is never in a URL). */
  @Post()
  @RequireEventRole(...ROLES)
  async checkInByCode(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const code = one(form, 'badgeCode') ?? '';
    if (code === '')
      return this.desk(request, reply, event, { errors: { badgeCode: 'Scan or type the code printed under the badge’s QR code' } }, 400);
    const { outcome, status } = await this.scan(event, { badgeCode: code });
    return this.desk(request, reply, event, { result: outcome, code: outcome.result === 'not_valid' ? code : '' }, status);
  }

  /** "Check in" beside a registration found by name; the search is shown again. */
  @Post('registrations/:registrationId')
  @RequireEventRoleForRow('registration', 'registrationId', ...ROLES)
  async checkInFound(
    @Param('id') id: string,
    @Param('registrationId') registrationId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const { outcome, status } = await this.scan(event, { registrationId });
    return this.desk(request, reply, event, { result: outcome, q: one(form, 'q') ?? '' }, status);
  }

  /** check-in.js sends each scan here: `{ _csrf, badgeCode }` or `{ _csrf, registrationId }`; the answer is the result and the counts. */
  @Post('scans')
  @RequireEventRole(...ROLES)
  async scanJson(@Param('id') id: string, @Body() body: Posted, @Res({ passthrough: true }) reply: FastifyReply) {
    const event = await this.events.getById(id);
    const registrationId = one(body, 'registrationId');
    const { outcome, status } = await this.scan(event, registrationId ? { registrationId } : { badgeCode: one(body, 'badgeCode') ?? '' });
    void reply.status(status).header('cache-control', 'no-store');
    return { ...outcome, attendance: await this.counts(id) };
  }

  /** The arrivals, polled by check-in.js. */
  @Get('attendance.json')
  @RequireEventRole(...ROLES)
  async attendance(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Counts> {
    void reply.header('cache-control', 'no-store');
    return this.counts(id);
  }

  private async counts(eventId: string): Promise<Counts> {
    const { checkedIn, confirmed } = await this.checkIns.attendance(eventId);
    return { checkedIn, confirmed };
  }

  /** One scan through the service's rule, put in words for the desk. A code that is not a badge code is checked with the API's DTO. */
  private async scan(event: Event, arrival: Arrival): Promise<{ outcome: DeskResult; status: number }> {
    let target = arrival;
    if ('badgeCode' in arrival) {
      const { dto, errors } = await validateBody(CheckInDto, { badgeCode: arrival.badgeCode });
      if (errors.length > 0) return { outcome: notValid('This is not a Plenary badge code.'), status: STATUS_OF.malformed };
      target = { badgeCode: dto.badgeCode };
    }
    const outcome = await this.checkIns.arrive(event.id, target);
    return { outcome: await this.describeOutcome(event, outcome), status: STATUS_OF[outcome.outcome] };
  }

  private async describeOutcome(event: Event, outcome: CheckInOutcome): Promise<DeskResult> {
    if (outcome.outcome === 'unknown') return notValid('No registration of this event has this badge.');
    const registration = outcome.registration;
    const delegation = registration.delegationId
      ? ((await this.delegations.inEvent(event.id, registration.delegationId).catch(() => null))?.name ?? null)
      : null;
    const person = {
      name: nameOf(registration),
      delegation,
      organisation: registration.organisation,
      category: capitalised(registration.category),
      status: registration.status,
    };
    if (outcome.outcome === 'checked_in')
      return {
        result: 'checked_in',
        tone: 'ok',
        heading: 'Checked in',
        detail: `Arrived at ${formatTime(registration.checkedInAt!, event.timezone)}.`,
        person,
      };
    if (outcome.outcome === 'already_checked_in') {
      const first = registration.checkedInAt!;
      const sameDay = formatDay(first, event.timezone) === formatDay(new Date(), event.timezone);
      return {
        result: 'already_checked_in',
        tone: 'warn',
        heading: `Already checked in at ${formatTime(first, event.timezone)}${sameDay ? '' : ` on ${formatDay(first, event.timezone)}`}`,
        detail: 'This badge was scanned before. Check it is the same person.',
        person,
      };
    }
    return { result: 'not_valid', tone: 'bad', heading: 'Not valid', detail: WHY_NOT_CONFIRMED[registration.status], person };
  }

  private async desk(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    state: { result?: DeskResult; q?: string; code?: string; errors?: Record<string, string> },
    status = 200,
  ): Promise<string> {
    const q = (state.q ?? '').trim();
    const search = q ? await this.search(event, q) : null;
    return this.views.page(
      request,
      reply,
      'check-in',
      {
        title: `Check-in · ${event.title}`,
        event,
        tab: 'check-in',
        scripts: ['check-in.js'],
        result: state.result,
        code: state.code ?? '',
        q,
        search,
        errors: { ...(state.errors ?? {}), ...(search?.errors ?? {}) },
        hasErrors: Boolean(state.errors && Object.keys(state.errors).length > 0) || Boolean(search?.errors),
        attendance: await this.counts(event.id),
        base: `/console/events/${event.id}/check-in`,
      },
      status,
    );
  }

  /** Registrations found by name: the organisers' list query (`q`: names, email, organisation), family name first. */
  private async search(event: Event, q: string) {
    const { dto, errors } = await validateBody(ListRegistrationsQuery, { q, sort: 'name', pageSize: String(SEARCH_PAGE_SIZE) });
    if (errors.length > 0) return { errors: messagesByField(errors), rows: [], total: 0, more: false };
    const [page, delegations] = await Promise.all([this.queries.list(event.id, dto), this.delegations.list(event.id)]);
    const names = new Map(delegations.map((delegation) => [delegation.id, delegation.name]));
    return {
      errors: null,
      total: page.total,
      more: page.total > page.items.length,
      rows: page.items.map((registration) => ({
        id: registration.id,
        name: nameOf(registration),
        delegation: (registration.delegationId ? names.get(registration.delegationId) : null) ?? registration.organisation,
        category: capitalised(registration.category),
        status: registration.status,
        canCheckIn: registration.status === 'confirmed' && registration.checkedInAt === null,
        checkedInAt: registration.checkedInAt ? formatTime(registration.checkedInAt, event.timezone) : null,
      })),
    };
  }
}
