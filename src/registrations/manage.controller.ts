import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { BadgesService } from './badges.service';
import { ManageView, RegistrationQueriesService } from './registration-queries.service';
import { ManageViewResponse, RegistrationOutcome, RegistrationResponse, UpdateRegistrationDto } from './registration.dto';
import { RegistrationsService } from './registrations.service';

/** The registrant's own view, reached through the secret link in their mail (no account needed). */
@ApiTags('registrations')
@Controller('registrations/manage/:token')
@Public()
export class ManageController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueriesService,
    private readonly badges: BadgesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ManageViewResponse })
  view(@Param('token') token: string): Promise<ManageView> {
    return this.queries.manageView(token);
  }

  @Patch()
  @ApiBody({
    type: UpdateRegistrationDto,
    description:
      'The details to correct: honorific, names, job title, organisation, nationality, answers (not the email, category or delegation)',
  })
  @ApiOkResponse({ type: RegistrationResponse })
  update(@Param('token') token: string, @Body() body: object): Promise<RegistrationResponse> {
    // Checked by the service with the event's form, so that details and answers are refused together.
    return this.queries.updateSubmitted(token, body);
  }

  @Post('cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationOutcome })
  cancel(@Param('token') token: string): Promise<RegistrationOutcome> {
    return this.registrations.cancelByToken(token);
  }

  @Get('badge.pdf')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  async badge(@Param('token') token: string): Promise<StreamableFile> {
    const registration = await this.queries.findByToken(token);
    return new StreamableFile(await this.badges.render(await this.queries.badgeData(registration)));
  }
}
