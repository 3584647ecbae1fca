import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { OptionalText, RequiredText } from '../common/validators';
import { UpperCase } from '../common/transforms';
import { EventPartner, PARTNER_ROLES, PartnerRole } from './event-partner.entity';
import { Organisation, ORGANISATION_KINDS, OrganisationKind } from './organisation.entity';

export class OrganisationInput {
  @ApiProperty({ example: 'United Nations Office on Drugs and Crime' })
  @RequiredText(300)
  name: string;

  @ApiPropertyOptional({ example: 'UNODC' })
  @OptionalText(50)
  acronym?: string | null;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: 'PK' })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as PK' })
  countryCode?: string | null;
}

export class AddPartnerDto {
  @ApiProperty({ type: OrganisationInput, description: 'Found by name or acronym (case-insensitive), created if new' })
  @IsObject()
  @ValidateNested()
  @Type(() => OrganisationInput)
  organisation: OrganisationInput;

  @ApiProperty({ enum: PARTNER_ROLES })
  @IsIn(PARTNER_ROLES)
  role: PartnerRole;
}

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) acronym: string | null;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ nullable: true, type: String }) countryCode: string | null;
}

export class PartnerWarning {
  @ApiProperty({ example: 'organisation.kind' }) field: string;
  @ApiProperty() message: string;
}

export class PartnerResponse {
  @ApiProperty({ format: 'uuid', description: 'The partnership (use it to remove the partner)' }) id: string;
  @ApiProperty({ enum: PARTNER_ROLES }) role: PartnerRole;
  @ApiProperty({ type: OrganisationResponse }) organisation: OrganisationResponse;
  @ApiPropertyOptional({
    type: [PartnerWarning],
    description: 'In the answer to adding a partner: what was sent but not applied (an organisation found keeps its stored kind)',
  })
  warnings?: PartnerWarning[];
}

export class PartnersByRole {
  @ApiProperty({ type: [PartnerResponse] }) host: PartnerResponse[];
  @ApiProperty({ type: [PartnerResponse] }) co_organiser: PartnerResponse[];
  @ApiProperty({ type: [PartnerResponse] }) funder: PartnerResponse[];
  @ApiProperty({ type: [PartnerResponse] }) partner: PartnerResponse[];
}

export function toOrganisationResponse(organisation: Organisation): OrganisationResponse {
  return {
    id: organisation.id,
    name: organisation.name,
    acronym: organisation.acronym,
    kind: organisation.kind,
    countryCode: organisation.countryCode,
  };
}

export function toPartnerResponse(partner: EventPartner & { organisation: Organisation }): PartnerResponse {
  return { id: partner.id, role: partner.role, organisation: toOrganisationResponse(partner.organisation) };
}

/** Partners grouped by role, in the order they were added. */
export function toPartnersByRole(partners: (EventPartner & { organisation: Organisation })[]): PartnersByRole {
  const grouped = Object.fromEntries(PARTNER_ROLES.map((role) => [role, [] as PartnerResponse[]])) as unknown as PartnersByRole;
  for (const partner of partners) grouped[partner.role].push(toPartnerResponse(partner));
  return grouped;
}
