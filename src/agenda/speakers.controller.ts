import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CreateSpeakerDto, SpeakerResponse, UpdateSpeakerDto } from './speaker.dto';
import { SpeakersService } from './speakers.service';

@ApiTags('agenda')
@Controller()
export class SpeakersController {
  constructor(private readonly speakers: SpeakersService) {}

  @Post('events/:id/speakers')
  @RequireEventRole('organiser')
  @ApiCreatedResponse({ type: SpeakerResponse })
  create(@Param('id') eventId: string, @Body() dto: CreateSpeakerDto): Promise<SpeakerResponse> {
    return this.speakers.create(eventId, dto);
  }

  @Get('events/:id/speakers')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: [SpeakerResponse], description: 'By precedence, then name' })
  list(@Param('id') eventId: string): Promise<SpeakerResponse[]> {
    return this.speakers.list(eventId);
  }

  @Patch('speakers/:id')
  @ApiOkResponse({ type: SpeakerResponse })
  update(@Param('id') id: string, @Body() dto: UpdateSpeakerDto, @CurrentUser() user: AuthenticatedUser): Promise<SpeakerResponse> {
    return this.speakers.update(id, dto, user);
  }

  @Delete('speakers/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The speaker and their bookings are removed' })
  remove(@Param('id') id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.speakers.remove(id, user);
  }
}
