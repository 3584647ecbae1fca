import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireEventRole, RequireUserRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Page } from '../common/pagination';
import { CreateEventDto, EventPage, EventResponse, EventSummary, ListEventsQuery, UpdateEventDto } from './event.dto';
import { EventChanges } from './event-changes.service';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly changes: EventChanges,
  ) {}

  @Post()
  @RequireUserRole('organiser')
  @ApiCreatedResponse({ type: EventResponse })
  create(@Body() dto: CreateEventDto, @CurrentUser() user: AuthenticatedUser): Promise<EventResponse> {
    return this.changes.create(dto, user);
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: EventPage, description: 'Published and closed events, plus drafts of the caller’s own events' })
  list(@Query() query: ListEventsQuery, @CurrentUser() user?: AuthenticatedUser): Promise<Page<EventSummary>> {
    return this.events.list(query, user);
  }

  @Get(':idOrSlug')
  @Public()
  @ApiOkResponse({ type: EventResponse })
  findOne(@Param('idOrSlug') idOrSlug: string, @CurrentUser() user?: AuthenticatedUser): Promise<EventResponse> {
    return this.events.details(idOrSlug, user);
  }

  @Patch(':id')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: EventResponse })
  update(@Param('id') id: string, @Body() dto: UpdateEventDto, @CurrentUser() user: AuthenticatedUser): Promise<EventResponse> {
    return this.changes.update(id, dto, user);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: EventResponse })
  publish(@Param('id') id: string): Promise<EventResponse> {
    return this.events.setStatus(id, 'published');
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: EventResponse })
  close(@Param('id') id: string): Promise<EventResponse> {
    return this.events.setStatus(id, 'closed');
  }
}
