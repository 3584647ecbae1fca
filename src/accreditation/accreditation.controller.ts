import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authorised, RequireEventRoleFor } from '../auth/auth.decorators';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { AccreditationMemberResponse, DelegationAccreditationResponse, ReturnAccreditationDto } from './accreditation.dto';
import { ACCREDITATION_ROLES } from './accreditation-roles';
import { AccreditationService } from './accreditation.service';

/** The secretariat's accreditation decisions, and a delegation's submission (README.md). */
@ApiTags('accreditation')
@Controller()
export class AccreditationController {
  constructor(private readonly accreditation: AccreditationService) {}

  @Post('registrations/:id/accredit')
  @HttpCode(200)
  @RequireEventRoleFor('registration', ...ACCREDITATION_ROLES)
  @ApiOkResponse({ type: AccreditationMemberResponse, description: 'The member, accredited (their focal point mailed)' })
  accreditMember(@Authorised() registration: AuthorisedTarget): Promise<AccreditationMemberResponse> {
    return this.accreditation.accreditMember(registration);
  }

  @Post('registrations/:id/return')
  @HttpCode(200)
  @RequireEventRoleFor('registration', ...ACCREDITATION_ROLES)
  @ApiOkResponse({ type: AccreditationMemberResponse, description: 'The member, returned to the focal point with the reason (mailed)' })
  returnMember(@Authorised() registration: AuthorisedTarget, @Body() dto: ReturnAccreditationDto): Promise<AccreditationMemberResponse> {
    return this.accreditation.returnMember(registration, dto.reason);
  }

  @Post('delegations/:id/accredit')
  @HttpCode(200)
  @RequireEventRoleFor('delegation', ...ACCREDITATION_ROLES)
  @ApiOkResponse({ type: DelegationAccreditationResponse, description: 'Every member waiting for a decision, accredited' })
  accreditDelegation(@Authorised() delegation: AuthorisedTarget): Promise<DelegationAccreditationResponse> {
    return this.accreditation.accreditDelegation(delegation);
  }

  @Post('delegations/:id/return')
  @HttpCode(200)
  @RequireEventRoleFor('delegation', ...ACCREDITATION_ROLES)
  @ApiOkResponse({ type: DelegationAccreditationResponse, description: 'Every member waiting for a decision, returned with the reason' })
  returnDelegation(
    @Authorised() delegation: AuthorisedTarget,
    @Body() dto: ReturnAccreditationDto,
  ): Promise<DelegationAccreditationResponse> {
    return this.accreditation.returnDelegation(delegation, dto.reason);
  }

  /** What the focal point's portal does with its Submit button, for an organiser submitting on the delegation's behalf. */
  @Post('delegations/:id/submit')
  @HttpCode(200)
  @RequireEventRoleFor('delegation', 'organiser')
  @ApiOkResponse({ type: DelegationAccreditationResponse, description: 'The nominated members, submitted for accreditation' })
  submit(@Authorised() delegation: AuthorisedTarget): Promise<DelegationAccreditationResponse> {
    return this.accreditation.submit(delegation);
  }
}
