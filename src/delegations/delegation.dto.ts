import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NormaliseEmail, Trim, UpperCase } from '../common/transforms';
import { REGISTRATION_STATUSES, RegistrationStatus } from '../registrations/registration.entity';
import {
  Delegation,
  DELEGATION_KINDS,
  DELEGATION_SECTIONS,
  DELEGATION_STATUSES,
  DelegationKind,
  DelegationSection,
  DelegationStatus,
} from './delegation.entity';

export class DelegationHeadDto {
  @ApiProperty()
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @ApiProperty()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;
}

export class CreateDelegationDto {
  @ApiProperty({ example: 'Islamic Republic of Pakistan' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: DELEGATION_KINDS })
  @IsIn(DELEGATION_KINDS)
  kind: DelegationKind;

  @ApiPropertyOptional({ example: 'PK', description: 'Required for a country delegation' })
  @ValidateIf((dto: CreateDelegationDto) => dto.kind === 'country' || dto.countryCode !== undefined)
  @UpperCase()
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code' })
  countryCode?: string;

  @ApiPropertyOptional({ example: 'INTERPOL', description: 'Required for an organisation delegation' })
  @ValidateIf((dto: CreateDelegationDto) => dto.kind === 'organisation' || dto.organisationName !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organisationName?: string;

  @ApiProperty({ minimum: 0, maximum: 10000 })
  @IsInt()
  @Min(0)
  @Max(10000)
  quota: number;

  @ApiPropertyOptional({ type: DelegationHeadDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DelegationHeadDto)
  head?: DelegationHeadDto;

  @ApiPropertyOptional({
    enum: DELEGATION_SECTIONS,
    description:
      'Section of the List of Participants: member_state or observer_state for a country; un_entity, igo or civil_society for an organisation. Default: member_state for a country, igo for an organisation',
  })
  @IsOptional()
  @IsIn(DELEGATION_SECTIONS)
  section?: DelegationSection;
}

export class UpdateDelegationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  quota?: number;

  @ApiPropertyOptional({ enum: DELEGATION_STATUSES, description: 'invited → nominated → accredited' })
  @IsOptional()
  @IsIn(DELEGATION_STATUSES)
  status?: DelegationStatus;

  @ApiPropertyOptional({ enum: DELEGATION_SECTIONS, description: 'Section of the List of Participants (one that fits the kind)' })
  @IsOptional()
  @IsIn(DELEGATION_SECTIONS)
  section?: DelegationSection;
}

export class DelegationHeadResponse {
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) givenName: string | null;
  @ApiProperty({ nullable: true, type: String }) familyName: string | null;
}

export class DelegationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: DELEGATION_KINDS }) kind: DelegationKind;
  @ApiProperty({ nullable: true, type: String, description: 'ISO 3166-1 alpha-2, for a country delegation' }) countryCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'For an organisation delegation' }) organisationName: string | null;
  @ApiProperty() quota: number;
  @ApiProperty({ description: 'Pending and confirmed members' }) registeredCount: number;
  @ApiProperty({ description: 'Registration code for members' }) code: string;
  @ApiProperty({ enum: DELEGATION_STATUSES }) status: DelegationStatus;
  @ApiProperty({ nullable: true, type: DelegationHeadResponse, description: 'The head of delegation, once invited' })
  head: DelegationHeadResponse | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the head was last mailed the invitation again' })
  invitationResentAt: Date | null;
  @ApiProperty({ enum: DELEGATION_SECTIONS, description: 'Section of the List of Participants' }) section: DelegationSection;
}

export class DelegationMemberResponse {
  @ApiProperty({ format: 'uuid', description: 'The registration' }) id: string;
  @ApiProperty({ nullable: true, type: String }) honorific: string | null;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ description: 'Registered with the email the organiser gave for the head' }) isHead: boolean;
}

export function toDelegationResponse(delegation: Delegation): DelegationResponse {
  return {
    id: delegation.id,
    eventId: delegation.eventId,
    name: delegation.name,
    kind: delegation.kind,
    countryCode: delegation.countryCode,
    organisationName: delegation.organisationName,
    quota: delegation.quota,
    registeredCount: delegation.reservedCount,
    code: delegation.code,
    status: delegation.status,
    head: delegation.headEmail
      ? { email: delegation.headEmail, givenName: delegation.headGivenName, familyName: delegation.headFamilyName }
      : null,
    invitationResentAt: delegation.invitationResentAt,
    section: delegation.section,
  };
}
