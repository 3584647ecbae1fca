import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { formatDateRange } from '../common/dates';
import { validateBody } from '../common/validate-body';
import { UpdateEventDto } from '../events/event.dto';
import type { Event } from '../events/event.entity';
import { PARTNER_ROLES } from '../events/event-partner.entity';
import { EventChanges } from '../events/event-changes.service';
import { EventsService } from '../events/events.service';
import { ORGANISATION_KINDS } from '../events/organisation.entity';
import { AddPartnerDto } from '../events/partner.dto';
import { PartnersService } from '../events/partners.service';
import { DashboardService } from '../dashboard/dashboard.service';
import { perDayChart } from '../dashboard/per-day';
import { REGISTRATION_STATUSES } from '../registrations/registration.entity';
import { ConsoleRequest, SignedIn } from './console-auth';
import { markSelected } from './console.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import { eventBody, EventFormValues, eventFormLists, eventValues, postedEventValues } from './event-form';

/** What a finished action tells the organiser on the page it leads to (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  created: 'Event created. It is a draft until you publish it.',
  saved: 'Changes saved.',
  published: 'Event published: its page and registration form are public.',
  closed: 'Event closed: registration has ended.',
  'partner-added': 'Partner added.',
  'partner-removed': 'Partner removed.',
};

const STATUS_ACTIONS = {
  publish: {
    status: 'published',
    heading: 'Publish this event?',
    text: 'Its public page and registration form go online, and invitations can be sent.',
    button: 'Publish event',
  },
  close: {
    status: 'closed',
    heading: 'Close this event?',
    text: 'Registration ends and the event can no longer be changed back to published.',
    button: 'Close event',
  },
} as const;

const label = (value: string) => LABELS[value] ?? value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
const LABELS: Record<string, string> = { co_organiser: 'Co-organiser', un_agency: 'UN agency', ngo: 'NGO' };

interface PartnerForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** An event's dashboard and settings: its fields, its status, its partners and its series. */
@ApiExcludeController()
@Controller('console/events/:id')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleEventsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly changes: EventChanges,
    private readonly partners: PartnersService,
    private readonly dashboards: DashboardService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async dashboard(
    @Param('id') id: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const [event, summary] = await Promise.all([this.events.getById(id), this.dashboards.summary(id)]);
    const { registrations, capacity } = summary;
    return this.views.page(request, reply, 'dashboard', {
      title: `Dashboard · ${event.title}`,
      event,
      tab: 'dashboard',
      dates: formatDateRange(event.startDate, event.endDate),
      summary,
      byStatus: REGISTRATION_STATUSES.map((status) => ({ label: label(status), status, count: registrations.byStatus[status] })),
      byCategory: registrations.byCategory.map((row) => ({ label: label(row.category), count: row.count })),
      seats:
        capacity.capacity === null
          ? null
          : { ...capacity, percent: capacity.capacity ? Math.round((capacity.seatsTaken / capacity.capacity) * 100) : 0 },
      delegations: summary.delegations.map((delegation) => ({ ...delegation, full: delegation.members >= delegation.quota })),
      chart: perDayChart(summary.perDay),
      registrationsUrl: `/console/events/${id}/registrations`,
    });
  }

  @Get('settings')
  @RequireEventRole('organiser')
  async settings(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    return this.settingsPage(request, reply, user, event, eventValues(event), {}, undefined, { notice: done ? NOTICES[done] : undefined });
  }

  @Post('settings')
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Body() form: Posted,
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { dto, errors } = await validateBody(UpdateEventDto, eventBody(form, 'update'));
    if (errors.length === 0) {
      try {
        await this.changes.update(id, dto, user);
        return seeOther(reply, `/console/events/${id}/settings?done=saved`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'slug');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    const event = await this.events.getById(id);
    return this.settingsPage(request, reply, user, event, postedEventValues(form), messagesByField(errors), undefined, { status: 400 });
  }

  @Get('publish')
  @RequireEventRole('organiser')
  confirmPublish(
    @Param('id') id: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.confirmStatus(id, 'publish', request, reply);
  }

  @Post('publish')
  @RequireEventRole('organiser')
  publish(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.changeStatus(id, 'publish', reply);
  }

  @Get('close')
  @RequireEventRole('organiser')
  confirmClose(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.confirmStatus(id, 'close', request, reply);
  }

  @Post('close')
  @RequireEventRole('organiser')
  close(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.changeStatus(id, 'close', reply);
  }

  @Post('partners')
  @RequireEventRole('organiser')
  async addPartner(
    @Param('id') id: string,
    @Body() form: Posted,
    @SignedIn() user: ConsoleUser,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = Object.fromEntries(['name', 'acronym', 'kind', 'countryCode', 'role'].map((name) => [name, one(form, name) ?? '']));
    const { dto, errors } = await validateBody(AddPartnerDto, {
      organisation: {
        name: values.name,
        acronym: values.acronym || undefined,
        kind: values.kind,
        countryCode: values.countryCode || undefined,
      },
      role: values.role,
    });
    if (errors.length === 0) {
      try {
        await this.partners.add(id, dto);
        return seeOther(reply, `/console/events/${id}/settings?done=partner-added#partners`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'organisation.name');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    const event = await this.events.getById(id);
    const partnerErrors = Object.fromEntries(
      Object.entries(messagesByField(errors)).map(([field, message]) => [field.replace(/^organisation\./, ''), message]),
    );
    return this.settingsPage(request, reply, user, event, eventValues(event), {}, { values, errors: partnerErrors }, { status: 400 });
  }

  @Post('partners/:partnerId/remove')
  @RequireEventRole('organiser')
  async removePartner(
    @Param('id') id: string,
    @Param('partnerId') partnerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.partners.remove(id, partnerId);
    return seeOther(reply, `/console/events/${id}/settings?done=partner-removed#partners`);
  }

  private async confirmStatus(
    id: string,
    action: keyof typeof STATUS_ACTIONS,
    request: ConsoleRequest,
    reply: FastifyReply,
  ): Promise<string> {
    const event = await this.events.getById(id);
    const step = STATUS_ACTIONS[action];
    return this.views.page(request, reply, 'confirm', {
      title: step.heading,
      event,
      tab: 'settings',
      heading: step.heading,
      text: step.text,
      button: step.button,
      action: `/console/events/${id}/${action}`,
      cancel: `/console/events/${id}/settings`,
    });
  }

  private async changeStatus(id: string, action: keyof typeof STATUS_ACTIONS, reply: FastifyReply): Promise<string> {
    const { status } = STATUS_ACTIONS[action];
    await this.events.setStatus(id, status);
    return seeOther(reply, `/console/events/${id}/settings?done=${status}`);
  }

  private async settingsPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    user: ConsoleUser,
    event: Event,
    values: EventFormValues,
    errors: Record<string, string>,
    partnerForm: PartnerForm = { values: { name: '', acronym: '', kind: '', countryCode: '', role: 'partner' }, errors: {} },
    { status = 200, notice }: { status?: number; notice?: string } = {},
  ): Promise<string> {
    const [partners, organisations, series] = await Promise.all([
      this.events.partnersByRole(event.id),
      this.partners.knownOrganisations(),
      this.events.joinableSeries(user, event.id),
    ]);
    const currentSeries =
      event.seriesId && !series.some((one) => one.id === event.seriesId) ? [{ id: event.seriesId, name: 'The current series' }] : [];
    return this.views.page(
      request,
      reply,
      'event-settings',
      {
        title: `Settings · ${event.title}`,
        event,
        tab: 'settings',
        notice,
        values,
        errors,
        hasErrors: Object.keys(errors).length > 0 || Object.keys(partnerForm.errors).length > 0,
        ...eventFormLists(values.countryCode),
        series: markSelected([...currentSeries, ...series], values.seriesId),
        publicUrl: `/events/${event.slug}`,
        mayPublish: event.status === 'draft',
        mayClose: event.status === 'published',
        partners: Object.entries(partners).flatMap(([role, list]) =>
          (list as { id: string; organisation: { name: string; acronym: string | null } }[]).map((partner) => ({
            id: partner.id,
            role: label(role),
            name: partner.organisation.name,
            acronym: partner.organisation.acronym,
          })),
        ),
        partnerForm: {
          ...partnerForm,
          kinds: ORGANISATION_KINDS.map((kind) => ({ value: kind, label: label(kind), selected: kind === partnerForm.values.kind })),
          roles: PARTNER_ROLES.map((role) => ({ value: role, label: label(role), selected: role === partnerForm.values.role })),
          countries: eventFormLists(partnerForm.values.countryCode).countries,
        },
        organisations,
      },
      status,
    );
  }
}
