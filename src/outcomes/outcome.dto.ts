import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalText, RequiredText } from '../common/validators';
import { OUTCOME_KINDS, OUTCOME_STATUSES, OutcomeDocument, OutcomeKind, OutcomeStatus } from './outcome-document.entity';
import { CommitmentResponse } from './commitment.dto';
import type { OutcomeVersion } from './outcome-version.entity';
import type { DiffChange } from './version-diff';

/** The longest markdown body accepted (characters): about 275 A4 pages of PDF. */
export const MAX_BODY_LENGTH = 200_000;

/**
 * The request size the routes that take a body accept: room for the longest body however its client
 * encodes it (JSON may escape every character as \uXXXX, 12 bytes for a character outside the BMP),
 * so that a body over MAX_BODY_LENGTH is refused by validation, as 400 naming `body`, and not as an
 * anonymous 413.
 */
export const OUTCOME_BODY_LIMIT_BYTES = 12 * MAX_BODY_LENGTH + 64 * 1024;

/** A markdown body: kept as written (no trimming), at most MAX_BODY_LENGTH characters, not blank. */
const MarkdownBody = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  MinLength(1)(target, key);
  MaxLength(MAX_BODY_LENGTH)(target, key);
};

/** The text of a version: its markdown body and an optional note on what changed. */
export class VersionTextDto {
  @ApiProperty({ description: 'Markdown', maxLength: MAX_BODY_LENGTH })
  @MarkdownBody()
  body: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @OptionalText(1000)
  changeNote?: string;
}

export class CreateOutcomeDto extends VersionTextDto {
  @ApiProperty({ example: 'Islamabad Outcome Statement', maxLength: 300 })
  @RequiredText(300)
  title: string;

  @ApiProperty({ enum: OUTCOME_KINDS })
  @IsIn(OUTCOME_KINDS)
  kind: OutcomeKind;
}

export class CreateVersionDto extends VersionTextDto {
  @ApiProperty({
    type: 'integer',
    description:
      'Required: the version this edit starts from (it protects against lost edits); 409 VERSION_CONFLICT unless it is still the latest',
    minimum: 1,
  })
  @IsInt()
  @Min(1)
  baseVersion: number;
}

export class ReturnToDraftDto {
  @ApiProperty({ description: 'Why the document goes back to draft', maxLength: 4000 })
  @RequiredText(4000)
  comment: string;
}

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class DiffQuery {
  @ApiProperty({ minimum: 1 })
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty({ minimum: 1 })
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  to: number;
}

export class OutcomeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind: OutcomeKind;
  @ApiProperty({ enum: OUTCOME_STATUSES }) status: OutcomeStatus;
  @ApiProperty({ description: 'The number of the version shown in body/html: the published one while published, else the latest' })
  version: number;
  @ApiProperty({ nullable: true, type: Number }) publishedVersion: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ description: 'Markdown source of the version shown' }) body: string;
  @ApiProperty({ description: 'The body rendered to sanitised HTML' }) html: string;
  @ApiPropertyOptional({ description: "The team's view only: the newest version" }) latestVersion?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The team's view only: the organiser's comment when last returned to draft",
  })
  reviewComment?: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** One document as its routes answer it: the version shown, with the commitments that go with it. */
export class OutcomeWithCommitments extends OutcomeResponse {
  @ApiProperty({
    type: [CommitmentResponse],
    description: 'Published: those it was published with; for the team while unpublished, the working set',
  })
  commitments: CommitmentResponse[];
}

export class OutcomeSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind: OutcomeKind;
  @ApiProperty({ enum: OUTCOME_STATUSES }) status: OutcomeStatus;
  @ApiProperty({ nullable: true, type: Number }) publishedVersion: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt: string | null;
  @ApiPropertyOptional() latestVersion?: number;
  @ApiProperty({ format: 'date-time', description: 'When the document last changed (a version, a workflow step)' }) updatedAt: string;
}

export class VersionResponse {
  @ApiProperty() number: number;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) authorId: string | null;
  @ApiProperty({ nullable: true, type: String }) authorName: string | null;
  @ApiProperty({ nullable: true, type: String }) changeNote: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ description: 'Markdown (single-version routes only)' }) body?: string;
}

export class DiffChangeResponse implements DiffChange {
  @ApiProperty({ enum: ['added', 'removed', 'unchanged'] }) type: 'added' | 'removed' | 'unchanged';
  @ApiProperty({ type: [String] }) lines: string[];
}

export class DiffStats {
  @ApiProperty() added: number;
  @ApiProperty() removed: number;
  @ApiProperty() unchanged: number;
}

/** `GET /outcomes/:id/diff?from=&to=`: runs of whole lines, in order, that turn version `from` into `to`. */
export class DiffResponse {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [DiffChangeResponse] }) changes: DiffChangeResponse[];
  @ApiProperty({ type: DiffStats }) stats: DiffStats;
}

export function toVersionResponse(version: OutcomeVersion & { author?: { fullName: string } | null }, withBody: boolean): VersionResponse {
  return {
    number: version.number,
    documentId: version.documentId,
    authorId: version.authorId,
    authorName: version.author?.fullName ?? null,
    changeNote: version.changeNote,
    createdAt: version.createdAt.toISOString(),
    ...(withBody ? { body: version.body } : {}),
  };
}

export function toOutcomeSummary(document: OutcomeDocument, team: boolean): OutcomeSummary {
  return {
    id: document.id,
    title: document.title,
    kind: document.kind,
    status: document.status,
    publishedVersion: document.publishedVersion,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    ...(team ? { latestVersion: document.latestVersion } : {}),
    updatedAt: document.updatedAt.toISOString(),
  };
}

/** The document showing `shown` (the published version, or for the team the latest while unpublished). */
export function toOutcomeResponse(document: OutcomeDocument, shown: OutcomeVersion, html: string, team: boolean): OutcomeResponse {
  return {
    id: document.id,
    eventId: document.eventId,
    title: document.title,
    kind: document.kind,
    status: document.status,
    version: shown.number,
    publishedVersion: document.publishedVersion,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    body: shown.body,
    html,
    ...(team ? { latestVersion: document.latestVersion, reviewComment: document.reviewComment } : {}),
    updatedAt: document.updatedAt.toISOString(),
  };
}

export class SummaryMailingResponse {
  @ApiProperty({ format: 'uuid', description: 'Follow it at GET /mailings/:id' }) mailingId: string;
  @ApiProperty({ description: 'Mails queued' }) total: number;
  @ApiProperty({ description: 'The published version the summary is of' }) version: number;
}

export class SummaryMailingDto {
  @ApiProperty({ enum: ['confirmed', 'all'], description: 'confirmed registrants, or all active ones (pending and waitlisted too)' })
  @IsIn(['confirmed', 'all'])
  audience: 'confirmed' | 'all';
}
