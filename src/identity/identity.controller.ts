import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, Public, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { RegistrationQueriesService } from '../registrations/registration-queries.service';
import { IdentityDto, IdentityResponse, MaskedIdentityResponse } from './identity.dto';
import { IdentityService, toIdentityResponse, toMaskedIdentity } from './identity.service';

const CONFLICTS =
  'IDENTITY_NOT_ASKED (the event does not ask for it), ENCRYPTION_KEY_MISSING (the server has no DATA_ENCRYPTION_KEY), ENCRYPTION_KEY_UNKNOWN (stored under a key the server lacks; `keyId`)';

/** Passport / ID data of a registration: in full for the event's organisers and accreditation staff. */
@ApiTags('identity')
@Controller('registrations/:id/identity')
export class IdentityController {
  constructor(private readonly identities: IdentityService) {}

  @Get()
  @RequireEventRoleFor('registration', 'organiser', 'accreditation')
  @ApiOkResponse({ type: IdentityResponse, description: 'Decrypted; 404 when no document was given' })
  @ApiConflictResponse({ description: CONFLICTS })
  read(@Authorised() registration: AuthorisedTarget): Promise<IdentityResponse> {
    return this.identities.full(registration.id);
  }

  @Put()
  @RequireEventRoleFor('registration', 'organiser', 'accreditation')
  @ApiOkResponse({ type: IdentityResponse })
  @ApiConflictResponse({ description: CONFLICTS })
  async write(@Authorised() registration: AuthorisedTarget, @Body() dto: IdentityDto): Promise<IdentityResponse> {
    return toIdentityResponse(await this.identities.put(registration.id, dto));
  }
}

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
