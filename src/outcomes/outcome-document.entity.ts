import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Event } from '../events/event.entity';

export const OUTCOME_KINDS = ['outcome_statement', 'chair_summary', 'report', 'declaration'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_STATUSES = ['draft', 'in_review', 'published', 'withdrawn'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * An outcome document of an event (outcome statement, chair's summary, report, declaration). Its text lives
 * in immutable versions; `latestVersion` is the newest, `publishedVersion` the one the public sees.
 */
@Entity('outcome_document')
@Check('ck_outcome_document_kind', `"kind" IN (${quoted(OUTCOME_KINDS)})`)
@Check('ck_outcome_document_status', `"status" IN (${quoted(OUTCOME_STATUSES)})`)
@Check(
  'ck_outcome_document_published_version',
  `"published_version" IS NULL OR ("published_version" >= 1 AND "published_version" <= "latest_version")`,
)
@Index('ix_outcome_document_event', ['eventId'])
export class OutcomeDocument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_outcome_document' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_outcome_document_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 30 })
  kind: OutcomeKind;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: OutcomeStatus;

  /** The newest version's number; a new version must be based on it (see OutcomesService.addVersion). */
  @Column({ type: 'integer' })
  latestVersion: number;

  /** The version the public sees while the document is published; kept when it is withdrawn. */
  @Column({ type: 'integer', nullable: true })
  publishedVersion: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** The organiser's comment when the document was last sent back to draft. */
  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_outcome_document_created_by' })
  createdBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
