import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
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
  @ApiOkResponse({ type: DelegationResponse })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateDelegationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DelegationResponse> {
    return toDelegationResponse(await this.delegations.update(id, dto, user));
  }
}
