import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../common/errors/api-error';
import { RequireEventRole } from './auth.decorators';
import { EventRolesResponse, GrantEventRoleDto, TeamMemberResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { EVENT_ROLES, EventRole } from './event-role.entity';
import { TeamService } from './team.service';

/** An event's team: who holds which role; organisers grant (inviting by email) and revoke. */
@ApiTags('auth')
@Controller('events/:id/roles')
export class TeamController {
  constructor(
    private readonly auth: AuthService,
    private readonly team: TeamService,
  ) {}

  @Get()
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: [TeamMemberResponse], description: 'By email' })
  list(@Param('id') eventId: string): Promise<TeamMemberResponse[]> {
    return this.team.list(eventId);
  }

  @Put()
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: EventRolesResponse })
  async grant(@Param('id') eventId: string, @Body() dto: GrantEventRoleDto): Promise<EventRolesResponse> {
    if (dto.invite === undefined) return this.auth.grantEventRole(eventId, dto.email, dto.role);
    return this.team.grant(eventId, dto.email, dto.role, { invite: dto.invite, fullName: dto.fullName });
  }

  @Delete(':userId/:role')
  @RequireEventRole('organiser')
  @HttpCode(204)
  @ApiParam({ name: 'role', enum: EVENT_ROLES })
  @ApiNoContentResponse({ description: 'The role is taken away' })
  @ApiConflictResponse({ description: 'LAST_ORGANISER: the event would be left without an organiser' })
  async revoke(@Param('id') eventId: string, @Param('userId') userId: string, @Param('role') role: string): Promise<void> {
    if (!(EVENT_ROLES as readonly string[]).includes(role)) throw ApiError.invalidField('role', `must be one of ${EVENT_ROLES.join(', ')}`);
    await this.team.revoke(eventId, userId, role as EventRole);
  }
}
