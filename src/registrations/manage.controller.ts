import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { BadgesService } from './badges.service';
import { ManageView, RegistrationQueriesService } from './registration-queries.service';
import { RegistrationOutcome, RegistrationResponse, UpdateRegistrationDto } from './registration.dto';
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
  view(@Param('token') token: string): Promise<ManageView> {
    return this.queries.manageView(token);
  }

  @Patch()
  @ApiOkResponse({ type: RegistrationResponse })
  update(@Param('token') token: string, @Body() dto: UpdateRegistrationDto): Promise<RegistrationResponse> {
    return this.queries.updateByToken(token, dto);
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
