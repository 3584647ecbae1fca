import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { COUNTRY_CODE_MESSAGE } from '../common/countries';
import { PageQuery } from '../common/pagination';
import { NormaliseEmail, Trim, UpperCase } from '../common/transforms';
import { isReservedKey } from './form-answers';
import { REGISTRATION_SORTS, RegistrationSort } from './registration-list';
import { FORM_FIELD_TYPES, FormField, FormFieldType } from './registration-form.entity';
import { Answers, REGISTRATION_CATEGORIES, REGISTRATION_STATUSES, RegistrationCategory, RegistrationStatus } from './registration.entity';

export class RegistrantDetailsDto {
  @ApiPropertyOptional({ example: 'H.E.', maxLength: 40 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(40)
  honorific?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  jobTitle?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  organisation?: string;

  @ApiPropertyOptional({ description: 'Answers to the event form, by field key' })
  @IsOptional()
  @IsObject()
  answers?: Record<string, unknown>;
}

export class CreateRegistrationDto extends RegistrantDetailsDto {
  @ApiProperty({ example: 'amina.rahman@example.org' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Amina' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @ApiProperty({ example: 'Rahman' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;

  @ApiPropertyOptional({ example: 'PK', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: COUNTRY_CODE_MESSAGE })
  nationality?: string;

  @ApiPropertyOptional({ enum: REGISTRATION_CATEGORIES, default: 'delegate' })
  @IsOptional()
  @IsIn(REGISTRATION_CATEGORIES)
  category?: RegistrationCategory;

  @ApiPropertyOptional({ description: "A delegation's registration code" })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(32)
  delegationCode?: string;

  @ApiPropertyOptional({ description: 'The one-time token of an invitation (invite-only events)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  invitationToken?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'The person agrees to be named (title, name, function, organisation) in the published List of Participants',
  })
  @IsOptional()
  @IsBoolean()
  listed?: boolean;
}

/**
 * What a registrant may correct through their manage link: every detail they gave but their email (the
 * identity the link was sent to), their category and their delegation (which the organisers decide).
 * Absent fields stay as they are; `null` (or "") clears an optional one. `answers`, when given, replaces
 * the answers as a whole and is checked against the form like a new registration's.
 */
export class UpdateRegistrationDto extends RegistrantDetailsDto {
  @ApiPropertyOptional({ example: 'Amina' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional({ example: 'Rahman' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ example: 'PK', nullable: true, type: String, description: 'ISO 3166-1 alpha-2; null clears it' })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: COUNTRY_CODE_MESSAGE })
  nationality?: string | null;
}

export class ManageLinkRequestDto {
  @ApiProperty({ example: 'amina.rahman@example.org', description: 'The address the registration was made with' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email: string;
}

export class ManageLinkRequestAnswer {
  @ApiProperty({ example: 'If this address is registered for the event, a mail with a link to manage the registration is on its way.' })
  message: string;
}

export class RegistrationOutcome {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: REGISTRATION_STATUSES,
    description: 'pending, confirmed or waitlisted when registering or approving; rejected or cancelled after those steps',
  })
  status: RegistrationStatus;
  @ApiPropertyOptional({ description: 'Place in the waitlist, 1 first' }) waitlistPosition?: number;
}

export class RejectRegistrationDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** The filters of the organisers' list and of its exports (`registrations.csv`, `registrations.xlsx`). */
export class RegistrationFilterQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @ApiPropertyOptional({ enum: REGISTRATION_CATEGORIES })
  @IsOptional()
  @IsIn(REGISTRATION_CATEGORIES)
  category?: RegistrationCategory;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  delegationId?: string;

  @ApiPropertyOptional({ type: String, enum: ['true', 'false'], description: 'Only those who have (true) or have not (false) checked in' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  checkedIn?: boolean;

  @ApiPropertyOptional({ description: 'Search in names, email and organisation (case-insensitive, anywhere in them)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: REGISTRATION_SORTS, default: 'created', description: 'A leading - sorts descending; ties in id order' })
  @IsOptional()
  @IsIn(REGISTRATION_SORTS)
  sort: RegistrationSort = 'created';
}

export class ListRegistrationsQuery extends IntersectionType(PageQuery, RegistrationFilterQuery) {}

/** A selection of an event's registrations for a bulk action. */
export class BulkRegistrationsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'must be registration ids (UUIDs)' })
  ids: string[];
}

export class BulkRejectDto extends BulkRegistrationsDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Goes into each rejection mail' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class SkippedRegistration {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Only pending registrations can be approved; this one is confirmed' }) reason: string;
}

export class BulkApproveResult {
  @ApiProperty({ type: [RegistrationOutcome] }) approved: RegistrationOutcome[];
  @ApiProperty({ type: [SkippedRegistration] }) skipped: SkippedRegistration[];
}

export class BulkRejectResult {
  @ApiProperty({ type: [RegistrationOutcome] }) rejected: RegistrationOutcome[];
  @ApiProperty({ type: [SkippedRegistration] }) skipped: SkippedRegistration[];
}

export class StatusChangeResponse {
  @ApiProperty({ enum: REGISTRATION_STATUSES, nullable: true, type: String, description: 'null for registering' })
  fromStatus: RegistrationStatus | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) toStatus: RegistrationStatus;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The organiser who decided; null for the registrant and automatic steps',
  })
  actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "A rejection's reason" }) reason: string | null;
}

export class RegistrationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) honorific: string | null;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ nullable: true, type: String }) jobTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ISO 3166-1 alpha-2' }) nationality: string | null;
  @ApiProperty({ enum: REGISTRATION_CATEGORIES }) category: RegistrationCategory;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Answers to the event form, by field key' }) answers: Answers;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) delegationId: string | null;
  @ApiProperty() isHeadOfDelegation: boolean;
  @ApiProperty({ description: 'Agreed to be named in the List of Participants' }) listed: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Rank in the delegation in the List of Participants after the head; lower first',
  })
  precedence: number | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Place in the waitlist, 1 first' }) waitlistPosition: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) checkedInAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class RegistrationPage {
  @ApiProperty({ type: [RegistrationResponse] }) items: RegistrationResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** The registrant's own view through their manage link. */
export class ManageViewResponse {
  @ApiProperty({ type: RegistrationResponse }) registration: RegistrationResponse;
  @ApiPropertyOptional({ type: [RegistrationResponse], description: "For a head of delegation: the delegation's other members" })
  delegationMembers?: RegistrationResponse[];
}

export class AttendanceResponse {
  @ApiProperty() confirmed: number;
  @ApiProperty({ description: 'Confirmed registrants who have checked in' }) checkedIn: number;
  @ApiProperty() pending: number;
  @ApiProperty() waitlisted: number;
}

export class CheckInDto {
  @ApiProperty({ description: 'As printed under the QR code; compared upper-case, so a code typed in lower case is found too' })
  @UpperCase()
  @IsString()
  @Matches(/^[A-Z0-9]{4,32}$/, { message: 'must be a badge code' })
  badgeCode: string;
}

export class FormFieldDto implements FormField {
  @ApiProperty({ example: 'dietary', pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' })
  @Matches(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, { message: 'must be a letter followed by letters, digits or _ (at most 40)' })
  @ValidateBy({
    name: 'isNotReservedKey',
    validator: {
      validate: (value) => typeof value !== 'string' || !isReservedKey(value),
      defaultMessage: (args) =>
        `must not be ${String(args?.value)}: the names of JavaScript's Object.prototype (constructor, toString, hasOwnProperty, …) are reserved`,
    },
  })
  key: string;

  @ApiProperty({ example: 'Dietary requirements' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label: string;

  @ApiProperty({ enum: FORM_FIELD_TYPES })
  @IsIn(FORM_FIELD_TYPES)
  type: FormFieldType;

  @ApiProperty()
  @IsBoolean()
  required: boolean;

  @ApiPropertyOptional({ type: [String], description: 'For select fields' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  options?: string[];
}

export class RegistrationFormDto {
  @ApiProperty({ type: [FormFieldDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FormFieldDto)
  fields: FormFieldDto[];
}
