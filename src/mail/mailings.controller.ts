import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, CurrentUser, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { BodyLimit } from '../common/body-limit';
import {
  CreateInvitationsDto,
  INVITATIONS_BODY_LIMIT_BYTES,
  MailingCreatedResponse,
  MailingFailuresResponse,
  MailingResponse,
} from './mailing.dto';
import { MailingsService } from './mailings.service';

@ApiTags('mail')
@Controller()
export class MailingsController {
  constructor(private readonly mailings: MailingsService) {}

  @Post('events/:id/invitations')
  @HttpCode(202)
  @RequireEventRole('organiser')
  @BodyLimit(INVITATIONS_BODY_LIMIT_BYTES)
  @ApiAcceptedResponse({ type: MailingCreatedResponse, description: 'Queued; follow it at GET /mailings/:id' })
  @ApiConflictResponse({ description: 'EVENT_NOT_PUBLISHED or EVENT_CLOSED' })
  invite(
    @Param('id') eventId: string,
    @Body() dto: CreateInvitationsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MailingCreatedResponse> {
    return this.mailings.invite(eventId, dto, user);
  }

  @Get('mailings/:id')
  @RequireEventRoleFor('mailing', 'organiser')
  @ApiOkResponse({ type: MailingResponse })
  status(@Authorised() mailing: AuthorisedTarget): Promise<MailingResponse> {
    return this.mailings.status(mailing.id);
  }

  @Get('mailings/:id/failures')
  @RequireEventRoleFor('mailing', 'organiser')
  @ApiOkResponse({ type: MailingFailuresResponse })
  failures(@Authorised() mailing: AuthorisedTarget): Promise<MailingFailuresResponse> {
    return this.mailings.failures(mailing.id);
  }
}
