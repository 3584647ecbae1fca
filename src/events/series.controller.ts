import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireUserRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CreateSeriesDto, SeriesResponse } from './series.dto';
import { SeriesService } from './series.service';

@ApiTags('series')
@Controller('series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @RequireUserRole('organiser')
  @ApiCreatedResponse({ type: SeriesResponse })
  create(@Body() dto: CreateSeriesDto, @CurrentUser() user: AuthenticatedUser): Promise<SeriesResponse> {
    return this.series.create(dto, user);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: SeriesResponse, description: 'The series with the events this caller may see, in order' })
  get(@Param('id') id: string, @CurrentUser() user?: AuthenticatedUser): Promise<SeriesResponse> {
    return this.series.get(id, user);
  }
}
