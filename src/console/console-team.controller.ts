import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { GrantEventRoleDto } from '../auth/auth.dto';
import { EVENT_ROLES, EventRole } from '../auth/event-role.entity';
import { TeamService } from '../auth/team.service';
import { ApiError } from '../common/errors/api-error';
import { validateBody } from '../common/validate-body';
import { EventsService } from '../events/events.service';
import { ConsoleRequest } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

/** How the console names an event role. */
export const EVENT_ROLE_LABELS: Record<EventRole, string> = {
  organiser: 'Organiser',
  rapporteur: 'Rapporteur',
  checkin: 'Check-in',
  accreditation: 'Accreditation',
};

/** What a finished action tells the organiser (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  added: 'Role given.',
  invited: 'Role given, and an invitation to choose a password is on its way by email.',
  removed: 'Role removed.',
};

interface TeamForm {
  values: { email: string; role: string; fullName: string };
  errors: Record<string, string>;
}

const BLANK_FORM: TeamForm = { values: { email: '', role: 'rapporteur', fullName: '' }, errors: {} };

/** An event's team: who holds which role, giving a role by email (inviting people without an account) and removing one. */
@ApiExcludeController()
@Controller('console/events/:id/team')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleTeamController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly team: TeamService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  show(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.teamPage(request, reply, id, BLANK_FORM, { notice: done ? NOTICES[done] : undefined });
  }

  @Post()
  @RequireEventRole('organiser')
  async add(
    @Param('id') id: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = { email: one(form, 'email') ?? '', role: one(form, 'role') ?? '', fullName: one(form, 'fullName') ?? '' };
    const { dto, errors } = await validateBody(GrantEventRoleDto, {
      email: values.email,
      role: values.role,
      invite: true,
      ...(values.fullName ? { fullName: values.fullName } : {}),
    });
    if (errors.length === 0) {
      try {
        const granted = await this.team.grant(id, dto.email, dto.role, { invite: true, fullName: dto.fullName });
        return seeOther(reply, `/console/events/${id}/team?done=${granted.invitationSent ? 'invited' : 'added'}`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'email');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.teamPage(request, reply, id, { values, errors: messagesByField(errors) }, { status: 400 });
  }

  @Post(':userId/:role/remove')
  @RequireEventRole('organiser')
  async remove(
    @Param('id') id: string,
    @Param('userId') userId: string,
    @Param('role') role: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!(EVENT_ROLES as readonly string[]).includes(role)) throw ApiError.notFound('Role');
    try {
      await this.team.revoke(id, userId, role as EventRole);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'LAST_ORGANISER')) throw error;
      return this.teamPage(request, reply, id, BLANK_FORM, {
        status: 409,
        refusal: 'This is the event’s last organiser, so the role cannot be removed. Make someone else organiser first.',
      });
    }
    return seeOther(reply, `/console/events/${id}/team?done=removed`);
  }

  private async teamPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    id: string,
    form: TeamForm,
    { status = 200, notice, refusal }: { status?: number; notice?: string; refusal?: string } = {},
  ): Promise<string> {
    const [event, members] = await Promise.all([this.events.getById(id), this.team.list(id)]);
    return this.views.page(
      request,
      reply,
      'team',
      {
        title: `Team · ${event.title}`,
        event,
        tab: 'team',
        notice,
        refusal,
        members: members.map((member) => ({
          ...member,
          roles: member.roles.map((role) => ({
            role,
            label: EVENT_ROLE_LABELS[role],
            action: `/console/events/${id}/team/${member.userId}/${role}/remove`,
            person: member.fullName || member.email,
          })),
        })),
        values: form.values,
        errors: form.errors,
        hasErrors: Object.keys(form.errors).length > 0,
        roles: EVENT_ROLES.map((role) => ({ value: role, label: EVENT_ROLE_LABELS[role], selected: role === form.values.role })),
      },
      status,
    );
  }
}
