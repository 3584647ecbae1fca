import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { IdentityDto, IdentityResponse } from './identity.dto';
import { IdentityService, toIdentityResponse } from './identity.service';

export const CONFLICTS =
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
