import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { CONFLICTS } from './identity.controller';
import { IdentityDto, MaskedIdentityResponse } from './identity.dto';
import { IdentityService, toMaskedIdentity } from './identity.service';

/** The delegate's own document, through the secret link in their mail: written in full, shown back masked. */
@ApiTags('identity')
@Controller('registrations/manage/:token/identity')
@Public()
export class ManageIdentityController {
  constructor(
    private readonly identities: IdentityService,
    private readonly queries: RegistrationQueriesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MaskedIdentityResponse, description: 'The number masked (•••• 1234), no date of birth; 404 when none was given' })
  async read(@Param('token') token: string): Promise<MaskedIdentityResponse> {
    const registration = await this.queries.findByToken(token);
    const masked = await this.identities.masked(registration.id);
    if (!masked) throw ApiError.notFound('Identity document');
    return masked;
  }

  @Put()
  @ApiOkResponse({ type: MaskedIdentityResponse, description: 'Stored encrypted; answered masked, as GET' })
  @ApiConflictResponse({ description: CONFLICTS })
  async write(@Param('token') token: string, @Body() dto: IdentityDto): Promise<MaskedIdentityResponse> {
    const registration = await this.queries.findByToken(token);
    return toMaskedIdentity(await this.identities.put(registration.id, dto, { ownLink: true }));
  }
}
