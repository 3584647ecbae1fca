import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import {
  CreateDelegationDto,
  DelegationMemberResponse,
  DelegationResponse,
  toDelegationResponse,
  UpdateDelegationDto,
} from './delegation.dto';
import { DelegationsService } from './delegations.service';

@ApiTags('delegations')
@Controller()
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post('events/:id/delegations')
  @RequireEventRole('organiser')
  @ApiCreatedResponse({ type: DelegationResponse })
  async create(@Param('id') eventId: string, @Body() dto: CreateDelegationDto): Promise<DelegationResponse> {
    return toDelegationResponse(await this.delegations.create(eventId, dto));
  }

  @Get('events/:id/delegations')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: [DelegationResponse] })
  async list(@Param('id') eventId: string): Promise<DelegationResponse[]> {
    return (await this.delegations.list(eventId)).map(toDelegationResponse);
  }

  @Patch('delegations/:id')
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiOkResponse({ type: DelegationResponse })
  async update(@Authorised() delegation: AuthorisedTarget, @Body() dto: UpdateDelegationDto): Promise<DelegationResponse> {
    return toDelegationResponse(await this.delegations.update(delegation, dto));
  }

  @Post('delegations/:id/resend-invitation')
  @HttpCode(200)
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiOkResponse({ type: DelegationResponse, description: 'The invitation is queued for the head again' })
  async resendInvitation(@Authorised() delegation: AuthorisedTarget): Promise<DelegationResponse> {
    return toDelegationResponse(await this.delegations.resendInvitation(delegation));
  }

  @Get('delegations/:id/members')
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiOkResponse({ type: [DelegationMemberResponse], description: 'The registrations made with the delegation, heads first' })
  members(@Authorised() delegation: AuthorisedTarget): Promise<DelegationMemberResponse[]> {
    return this.delegations.members(delegation);
  }
}
