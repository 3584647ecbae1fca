import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorised, CurrentUser, Public, RequireEventRole, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RegistrationResponse } from '../registrations/registration.dto';
import { ParticipantListingDto, ParticipantsListResponse, PublishParticipantsDto } from './participants.dto';
import { ParticipantsService } from './participants.service';

/** The List of Participants: its publication, who is on it, and its PDF (src/documents/README.md). */
@ApiTags('documents')
@Controller()
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Post('events/:id/participants/publish')
  @HttpCode(200)
  @RequireEventRole('organiser')
  @ApiOkResponse({
    type: ParticipantsListResponse,
    description: 'provisional or final: public at /events/:slug/participants; unpublished: withdrawn',
  })
  publish(@Param('id') eventId: string, @Body() dto: PublishParticipantsDto): Promise<ParticipantsListResponse> {
    return this.participants.publish(eventId, dto.status);
  }

  @Get('events/:id/participants.pdf')
  @Public()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: "The List of Participants (public once published; the event's organisers always), streamed" })
  @Header('content-type', 'application/pdf')
  async pdf(
    @Param('id') idOrSlug: string,
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const event = await this.participants.readable(idOrSlug, user);
    reply.header('content-disposition', `inline; filename="participants-${event.slug}.pdf"`);
    return new StreamableFile(await this.participants.pdf(event));
  }

  @Patch('registrations/:id/listing')
  @RequireEventRoleFor('registration', 'organiser')
  @ApiOkResponse({ type: RegistrationResponse })
  listing(@Authorised() registration: AuthorisedTarget, @Body() dto: ParticipantListingDto): Promise<RegistrationResponse> {
    return this.participants.setListing(registration, dto);
  }
}
