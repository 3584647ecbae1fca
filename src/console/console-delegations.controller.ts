import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { formatDateTime } from '../common/dates';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { CreateDelegationDto, UpdateDelegationDto } from '../delegations/delegation.dto';
import type { Delegation, DelegationStatus } from '../delegations/delegation.entity';
import { nextStatus } from '../delegations/delegation-status';
import { DelegationsService } from '../delegations/delegations.service';
import { SECTION_LABELS } from '../delegations/delegation-sections';
import type { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import type { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';
import {
  blankDelegationValues,
  countryOptions,
  createDelegationBody,
  DelegationFormValues,
  formFieldOf,
  KIND_OPTIONS,
  kindText,
  postedDelegationValues,
  sectionOptions,
  updateDelegationBody,
} from './delegation-form';

/** What a finished action tells the organiser on the delegation's page (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  created: 'Delegation added.',
  'created-mailed': 'Delegation added. Its head has been mailed the code and the registration link.',
  saved: 'Changes saved.',
  resent: 'The invitation has been mailed to the head again.',
  'resent-recently': 'The invitation was mailed to the head again moments ago, so it was not sent another time.',
  nominated: 'The delegation is now nominated.',
  accredited: 'The delegation is now accredited.',
};

/** The button that moves a delegation to a status, named by its action. */
const STATUS_BUTTONS: Record<DelegationStatus, string> = {
  invited: 'Mark as invited',
  nominated: 'Mark as nominated',
  accredited: 'Mark as accredited',
};

const headName = (delegation: Delegation) => [delegation.headGivenName, delegation.headFamilyName].filter(Boolean).join(' ');

/** An event's delegations: the list with the form to add one, and each delegation's page. Organisers only. */
@ApiExcludeController()
@Controller('console/events/:id/delegations')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleDelegationsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly delegations: DelegationsService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  async list(@Param('id') id: string, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.listPage(request, reply, await this.events.getById(id), blankDelegationValues(), {});
  }

  @Post()
  @RequireEventRole('organiser')
  async create(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = postedDelegationValues(form);
    const { dto, errors } = await validateBody(CreateDelegationDto, createDelegationBody(values));
    if (errors.length === 0) {
      try {
        const delegation = await this.delegations.create(id, dto);
        return seeOther(
          reply,
          `/console/events/${id}/delegations/${delegation.id}?done=${delegation.headEmail ? 'created-mailed' : 'created'}`,
        );
      } catch (error) {
        const fields = fieldErrorsOf(error, 'name');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    const event = await this.events.getById(id);
    return this.listPage(request, reply, event, values, messagesByField(errors.map(formFieldOf)), 400);
  }

  @Get(':delegationId')
  @RequireEventRole('organiser')
  async page(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.delegations.inEvent(id, delegationId);
    return this.delegationPage(request, reply, delegation, undefined, {}, { notice: done ? NOTICES[done] : undefined });
  }

  @Post(':delegationId')
  @RequireEventRole('organiser')
  async save(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.delegations.inEvent(id, delegationId);
    const { dto, errors } = await validateBody(UpdateDelegationDto, updateDelegationBody(form));
    if (errors.length === 0) {
      try {
        await this.delegations.update(delegation, dto);
        return seeOther(reply, `/console/events/${id}/delegations/${delegation.id}?done=saved`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'quota');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    const values = { name: one(form, 'name') ?? '', quota: one(form, 'quota') ?? '', section: one(form, 'section') ?? '' };
    return this.delegationPage(request, reply, delegation, values, messagesByField(errors), { status: 400 });
  }

  @Post(':delegationId/resend-invitation')
  @RequireEventRole('organiser')
  async resend(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.delegations.inEvent(id, delegationId);
    try {
      await this.delegations.resendInvitation(delegation);
    } catch (error) {
      // A double click: the first request mailed, this one was refused; the page says so rather than an error.
      if (!(error instanceof ApiError && error.code === 'INVITATION_RECENTLY_SENT')) throw error;
      return seeOther(reply, `/console/events/${id}/delegations/${delegation.id}?done=resent-recently`);
    }
    return seeOther(reply, `/console/events/${id}/delegations/${delegation.id}?done=resent`);
  }

  @Post(':delegationId/status')
  @RequireEventRole('organiser')
  async moveStatus(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const delegation = await this.delegations.inEvent(id, delegationId);
    const { dto, errors } = await validateBody(UpdateDelegationDto, { status: one(form, 'status') ?? '' });
    if (errors.length > 0) throw ApiError.invalidField('status', errors[0].message);
    const moved = await this.delegations.update(delegation, dto);
    return seeOther(reply, `/console/events/${id}/delegations/${delegation.id}?done=${moved.status}`);
  }

  private async listPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    event: Event,
    values: DelegationFormValues,
    errors: Record<string, string>,
    status = 200,
  ): Promise<string> {
    const delegations = (await this.delegations.list(event.id)).map((delegation) => ({
      id: delegation.id,
      name: delegation.name,
      kind: kindText(delegation),
      headName: headName(delegation),
      headEmail: delegation.headEmail,
      registered: delegation.reservedCount,
      quota: delegation.quota,
      status: delegation.status,
      code: delegation.code,
    }));
    return this.views.page(
      request,
      reply,
      'delegations',
      {
        title: `Delegations · ${event.title}`,
        event,
        tab: 'delegations',
        delegations,
        values,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        kinds: KIND_OPTIONS.map((kind) => ({ ...kind, selected: kind.value === values.kind })),
        countries: countryOptions(values.countryCode),
        sections: sectionOptions(values.section),
      },
      status,
    );
  }

  private async delegationPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    delegation: Delegation,
    values: { name: string; quota: string; section: string } = {
      name: delegation.name,
      quota: String(delegation.quota),
      section: delegation.section,
    },
    errors: Record<string, string>,
    { status = 200, notice }: { status?: number; notice?: string } = {},
  ): Promise<string> {
    const [event, members] = await Promise.all([this.events.getById(delegation.eventId), this.delegations.members(delegation)]);
    const next = nextStatus(delegation.status);
    return this.views.page(
      request,
      reply,
      'delegation',
      {
        title: `${delegation.name} · Delegations · ${event.title}`,
        event,
        tab: 'delegations',
        notice,
        delegation: {
          ...delegation,
          kindText: kindText(delegation),
          headName: headName(delegation),
        },
        registrationUrl: this.delegations.registrationUrl(event.slug, delegation),
        resent: delegation.invitationResentAt
          ? {
              iso: delegation.invitationResentAt.toISOString(),
              text: formatDateTime(delegation.invitationResentAt, event.timezone),
            }
          : null,
        next: next ? { status: next, button: STATUS_BUTTONS[next] } : null,
        members: members.map((member) => ({
          ...member,
          fullName: [member.honorific, member.givenName, member.familyName].filter(Boolean).join(' '),
        })),
        values,
        sections: sectionOptions(values.section),
        sectionText: SECTION_LABELS[delegation.section].one,
        errors,
        hasErrors: Object.keys(errors).length > 0,
      },
      status,
    );
  }
}
