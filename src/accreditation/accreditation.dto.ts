import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../common/transforms';
import {
  ACCREDITATION_STATUSES,
  AccreditationStatus,
  REGISTRATION_STATUSES,
  RegistrationStatus,
} from '../registrations/registration.entity';
import { DELEGATION_STATUSES, DelegationStatus } from '../delegations/delegation.entity';

/** Why the secretariat returns a member or a delegation to its focal point: required, mailed to the focal point. */
export class ReturnAccreditationDto {
  @ApiProperty({ example: 'The function given does not match the credentials letter.', minLength: 1, maxLength: 1000 })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'is required: say why, for the focal point' })
  @MaxLength(1000)
  reason: string;
}

/** A member as the accreditation review and the portal see them. */
export class AccreditationMemberResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional({ nullable: true, type: String }) honorific: string | null;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() email: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Function' }) jobTitle: string | null;
  @ApiProperty() category: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ enum: ACCREDITATION_STATUSES }) accreditationStatus: AccreditationStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the secretariat returned the member' })
  accreditationNote: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) delegationId: string | null;
  @ApiProperty() isHead: boolean;
}

/** The outcome of a step on a delegation (submitted, accredited, returned): its status now and the members the step changed. */
export class DelegationAccreditationResponse {
  @ApiProperty() delegationId: string;
  @ApiProperty({ enum: DELEGATION_STATUSES }) status: DelegationStatus;
  @ApiProperty({ type: [AccreditationMemberResponse] }) members: AccreditationMemberResponse[];
}
