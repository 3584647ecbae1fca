import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { RequiredText } from '../common/validators';
import { Commitment, COMMITMENT_STATUSES, CommitmentStatus } from './commitment.entity';

export class CommitmentInput {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing commitment of this document, updated in place (its id stays)' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'fraudulent documentation', maxLength: 200 })
  @RequiredText(200)
  theme: string;

  @ApiProperty({ maxLength: 4000 })
  @RequiredText(4000)
  text: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['UNODC', 'Federal Investigation Agency'],
    description: 'Lead organisations (at most 20, each up to 200 characters)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((lead: unknown) => (typeof lead === 'string' ? lead.trim() : lead)) : value,
  )
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  leads?: string[];

  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES, default: 'proposed' })
  @IsOptional()
  @IsIn(COMMITMENT_STATUSES)
  status?: CommitmentStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'A commitment of an earlier event in the same series that this one follows up' })
  @IsOptional()
  @IsUUID()
  followsUpId?: string | null;
}

export class ReplaceCommitmentsDto {
  @ApiProperty({ type: [CommitmentInput], description: 'The whole set, in order; commitments left out are removed' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CommitmentInput)
  commitments: CommitmentInput[];
}

export class CommitmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() position: number;
  @ApiProperty() theme: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) leads: string[];
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status: CommitmentStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) followsUpId: string | null;
}

export class CommitmentList {
  @ApiProperty({ type: [CommitmentResponse] }) commitments: CommitmentResponse[];
  @ApiPropertyOptional({
    description: "The team's view only: the document's newest version (a change to the commitments of a published version makes a new one)",
  })
  latestVersion?: number;
}

export class SeriesEventRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() startDate: string;
}

export class FollowUpResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ type: SeriesEventRef }) event: SeriesEventRef;
  @ApiProperty() text: string;
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status: CommitmentStatus;
}

export class SeriesCommitmentResponse extends CommitmentResponse {
  @ApiProperty({ type: SeriesEventRef }) event: SeriesEventRef;
  @ApiProperty() documentTitle: string;
  @ApiProperty({ type: [FollowUpResponse], description: 'Commitments of later events that follow this one up (those the caller may see)' })
  followUps: FollowUpResponse[];
  @ApiProperty({
    enum: COMMITMENT_STATUSES,
    description: 'The status of the newest follow-up, through the whole chain; its own status when none',
  })
  latestStatus: CommitmentStatus;
}

export class SeriesCommitmentsResponse {
  @ApiProperty({ format: 'uuid' }) seriesId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [SeriesCommitmentResponse], description: 'By event (series order), then document, then position' })
  commitments: SeriesCommitmentResponse[];
}

/**
 * A commitment as it is shown: a row of the document's working set (Commitment) or of the set a version
 * was published with (OutcomeVersionCommitment, under the commitment's stable id).
 */
export type CommitmentRecord = Pick<Commitment, 'id' | 'documentId' | 'position' | 'theme' | 'text' | 'leads' | 'status' | 'followsUpId'>;

export function toCommitmentResponse(commitment: CommitmentRecord): CommitmentResponse {
  return {
    id: commitment.id,
    documentId: commitment.documentId,
    position: commitment.position,
    theme: commitment.theme,
    text: commitment.text,
    leads: commitment.leads,
    status: commitment.status,
    followsUpId: commitment.followsUpId,
  };
}
