import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireEventRole, RequireUserRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CreateEventDto, EventResponse, toEventResponse } from './event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @RequireUserRole('organiser')
  @ApiCreatedResponse({ type: EventResponse })
  async create(@Body() dto: CreateEventDto, @CurrentUser() user: AuthenticatedUser): Promise<EventResponse> {
    return toEventResponse(await this.events.create(dto, user));
  }

  @Get(':idOrSlug')
  @Public()
  @ApiOkResponse({ type: EventResponse })
  async findOne(@Param('idOrSlug') idOrSlug: string, @CurrentUser() user?: AuthenticatedUser): Promise<EventResponse> {
    return toEventResponse(await this.events.findVisible(idOrSlug, user));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: EventResponse })
  async publish(@Param('id') id: string): Promise<EventResponse> {
    return toEventResponse(await this.events.setStatus(id, 'published'));
  }
}
