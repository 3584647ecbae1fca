import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { CreateDelegationDto, DelegationResponse, toDelegationResponse, UpdateDelegationDto } from './delegation.dto';
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
}
