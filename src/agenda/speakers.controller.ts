import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
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
  @RequireEventRoleFor('speaker', 'organiser')
  @ApiOkResponse({ type: SpeakerResponse })
  update(@Authorised() speaker: AuthorisedTarget, @Body() dto: UpdateSpeakerDto): Promise<SpeakerResponse> {
    return this.speakers.update(speaker, dto);
  }

  @Delete('speakers/:id')
  @HttpCode(204)
  @RequireEventRoleFor('speaker', 'organiser')
  @ApiNoContentResponse({ description: 'The speaker and their bookings are removed' })
  remove(@Authorised() speaker: AuthorisedTarget): Promise<void> {
    return this.speakers.remove(speaker);
  }
}
