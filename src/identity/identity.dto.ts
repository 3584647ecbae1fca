import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO31661Alpha2, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { COUNTRY_CODE_MESSAGE } from '../common/countries';
import { UpperCase } from '../common/transforms';
import { IsDateOnly } from '../common/validators';

/** A document number as people type it: spaces and dashes dropped, letters upper-cased. */
const DocumentNumber = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s-]+/g, '').toUpperCase() : value));

/** A registration's passport or ID document, as the delegate, an organiser or the accreditation desk gives it. */
export class IdentityDto {
  @ApiProperty({ example: 'AB1234567', description: 'Passport or ID number; spaces and dashes are dropped, letters upper-cased' })
  @DocumentNumber()
  @IsString()
  @MinLength(3, { message: 'must be the number as printed in the document (at least 3 letters or digits)' })
  @MaxLength(30)
  @Matches(/^[A-Z0-9<]*$/, { message: 'must hold only letters and digits, as printed in the document' })
  passportNumber: string;

  @ApiProperty({ example: 'PK', description: 'ISO 3166-1 alpha-2 of the issuing country' })
  @UpperCase()
  @IsISO31661Alpha2({ message: COUNTRY_CODE_MESSAGE })
  issuingCountry: string;

  @ApiProperty({ example: '2031-05-20', description: 'The expiry date (YYYY-MM-DD); not in the past' })
  @IsDateOnly()
  passportExpiry: string;

  @ApiProperty({ example: '1980-02-29', description: 'Date of birth (YYYY-MM-DD); in the past' })
  @IsDateOnly()
  dateOfBirth: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  needsVisaLetter?: boolean;
}

/** The document in full (decrypted): for the event's organisers and accreditation staff only. */
export class IdentityResponse {
  @ApiProperty() passportNumber: string;
  @ApiProperty() issuingCountry: string;
  @ApiProperty() issuingCountryName: string;
  @ApiProperty() passportExpiry: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty() needsVisaLetter: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** What the delegate's own link shows back: never the number in full, nor the date of birth. */
export class MaskedIdentityResponse {
  @ApiProperty({ example: '•••• 4567' }) passportNumber: string;
  @ApiProperty() issuingCountry: string;
  @ApiProperty() issuingCountryName: string;
  @ApiProperty() passportExpiry: string;
  @ApiProperty({ description: 'Always true: a date of birth is on file (it is not shown)' }) dateOfBirthGiven: boolean;
  @ApiProperty() needsVisaLetter: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
