import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConsolePage, RequireEventRole } from '../auth/auth.decorators';
import { validateBody } from '../common/validate-body';
import type { ConsoleRequest } from '../console/console-auth';
import { ConsoleExceptionFilter } from '../console/console-exception.filter';
import { one, Posted } from '../console/console-forms';
import { ConsoleViews, seeOther } from '../console/console-views.service';
import { CredentialsLettersService } from '../delegations/credentials-letters.service';
import { EventsService } from '../events/events.service';
import { formatBytes, StoredFileResponse } from '../files/file.dto';
import { ReturnAccreditationDto } from './accreditation.dto';
import { ACCREDITATION_ROLES } from './accreditation-roles';
import { AccreditationService } from './accreditation.service';

const NOTICES: Record<string, string> = {
  accredited: 'Accredited. The focal point has been mailed.',
  returned: 'Returned with the reason. The focal point has been mailed.',
};

const ACCREDITATION_TEXT: Record<string, string> = {
  none: 'not submitted',
  nominated: 'nominated',
  submitted: 'waiting',
  accredited: 'accredited',
  returned: 'returned',
};

/**
 * The secretariat's accreditation review (`/console/events/:id/accreditation`): the delegations waiting, each
 * with its members, and Accredit / Return (with a reason) for a member or the whole delegation. The same
 * AccreditationService as the API; organisers (and, once it exists, the accreditation role: ACCREDITATION_ROLES).
 */
@ApiExcludeController()
@Controller('console/events/:id/accreditation')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleAccreditationController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly events: EventsService,
    private readonly accreditation: AccreditationService,
    private readonly credentials: CredentialsLettersService,
  ) {}

  /** The delegation's credentials letter, as the focal point uploaded it (a download). */
  @Get('delegations/:delegationId/credentials-letter')
  @RequireEventRole(...ACCREDITATION_ROLES)
  async credentialsLetter(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const delegation = await this.accreditation.delegationTarget(id, delegationId);
    return this.credentials.stream(delegation.id, reply);
  }

  @Get()
  @RequireEventRole(...ACCREDITATION_ROLES)
  async review(
    @Param('id') id: string,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.reviewPage(request, reply, id, { notice: done ? NOTICES[done] : undefined });
  }

  @Post('registrations/:registrationId/accredit')
  @RequireEventRole(...ACCREDITATION_ROLES)
  async accreditMember(
    @Param('id') id: string,
    @Param('registrationId') registrationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.accreditation.accreditMember(await this.accreditation.memberTarget(id, registrationId));
    return seeOther(reply, `/console/events/${id}/accreditation?done=accredited`);
  }

  @Post('registrations/:registrationId/return')
  @RequireEventRole(...ACCREDITATION_ROLES)
  async returnMember(
    @Param('id') id: string,
    @Param('registrationId') registrationId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const target = await this.accreditation.memberTarget(id, registrationId);
    const { dto, errors } = await validateBody(ReturnAccreditationDto, { reason: one(form, 'reason') ?? '' });
    if (errors.length > 0) {
      return this.reviewPage(request, reply, id, { errorFor: `member-${target.id}`, error: `Reason ${errors[0].message}`, status: 400 });
    }
    await this.accreditation.returnMember(target, dto.reason);
    return seeOther(reply, `/console/events/${id}/accreditation?done=returned`);
  }

  @Post('delegations/:delegationId/accredit')
  @RequireEventRole(...ACCREDITATION_ROLES)
  async accreditDelegation(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.accreditation.accreditDelegation(await this.accreditation.delegationTarget(id, delegationId));
    return seeOther(reply, `/console/events/${id}/accreditation?done=accredited`);
  }

  @Post('delegations/:delegationId/return')
  @RequireEventRole(...ACCREDITATION_ROLES)
  async returnDelegation(
    @Param('id') id: string,
    @Param('delegationId') delegationId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const target = await this.accreditation.delegationTarget(id, delegationId);
    const { dto, errors } = await validateBody(ReturnAccreditationDto, { reason: one(form, 'reason') ?? '' });
    if (errors.length > 0) {
      return this.reviewPage(request, reply, id, {
        errorFor: `delegation-${target.id}`,
        error: `Reason ${errors[0].message}`,
        status: 400,
      });
    }
    await this.accreditation.returnDelegation(target, dto.reason);
    return seeOther(reply, `/console/events/${id}/accreditation?done=returned`);
  }

  private async reviewPage(
    request: ConsoleRequest,
    reply: FastifyReply,
    eventId: string,
    { notice, errorFor, error, status = 200 }: { notice?: string; errorFor?: string; error?: string; status?: number },
  ): Promise<string> {
    const [event, entries] = await Promise.all([this.events.getById(eventId), this.accreditation.underReview(eventId)]);
    const letters = await this.credentials.currentFor(entries.map(({ delegation }) => delegation.id));
    const delegations = entries.map(({ delegation, members, waiting }) => ({
      id: delegation.id,
      letter: letterView(letters.get(delegation.id)),
      name: delegation.name,
      status: delegation.status,
      quota: delegation.quota,
      waiting,
      error: errorFor === `delegation-${delegation.id}` ? error : undefined,
      reasonId: `reason-delegation-${delegation.id}`,
      reasonLabel: `Reason for returning the delegation of ${delegation.name}`,
      members: members.map((member) => ({
        ...member,
        fullName: [member.honorific, member.givenName, member.familyName].filter(Boolean).join(' '),
        accreditationText: ACCREDITATION_TEXT[member.accreditationStatus],
        decidable: member.accreditationStatus !== 'accredited',
        returnable: member.accreditationStatus !== 'returned',
        error: errorFor === `member-${member.id}` ? error : undefined,
        reasonId: `reason-${member.id}`,
        reasonLabel: `Reason for returning ${[member.givenName, member.familyName].join(' ')}`,
      })),
    }));
    return this.views.page(
      request,
      reply,
      'accreditation',
      {
        title: `Accreditation · ${event.title}`,
        event,
        tab: 'accreditation',
        notice,
        delegations,
        waiting: delegations.filter((delegation) => delegation.waiting > 0).length,
        hasErrors: Boolean(error),
      },
      status,
    );
  }
}

/** A credentials letter as the review shows it: its name and size. */
function letterView(letter: StoredFileResponse | undefined): { filename: string; size: string } | undefined {
  return letter && { filename: letter.filename, size: formatBytes(letter.sizeBytes) };
}
