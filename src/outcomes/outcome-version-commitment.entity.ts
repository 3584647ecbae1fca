import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { COMMITMENT_STATUSES, CommitmentStatus } from './commitment.entity';
import { OutcomeVersion } from './outcome-version.entity';

/**
 * The commitments of an outcome document as they were when one of its versions was published: what the
 * public sees (API, page, PDF, series view, summary mail) while that version is the published one. Written
 * once, when the version is first published, and never changed: a commitment changed afterwards makes a
 * new version (see CommitmentsService.replace). `commitmentId` is the commitment's stable id (the id that
 * follow-ups name); the commitment itself may since have been removed from the document's working set.
 */
@Entity('outcome_version_commitment')
@Check('ck_outcome_version_commitment_status', `"status" IN (${COMMITMENT_STATUSES.map((status) => `'${status}'`).join(', ')})`)
@Unique('uq_outcome_version_commitment_commitment', ['documentId', 'versionNumber', 'commitmentId'])
@Index('ix_outcome_version_commitment_commitment', ['commitmentId'])
export class OutcomeVersionCommitment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_outcome_version_commitment' })
  documentId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_outcome_version_commitment' })
  versionNumber: number;

  /** Order within the document, from 0. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_outcome_version_commitment' })
  position: number;

  @ManyToOne(() => OutcomeVersion, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'document_id', referencedColumnName: 'documentId', foreignKeyConstraintName: 'fk_outcome_version_commitment_version' },
    { name: 'version_number', referencedColumnName: 'number' },
  ])
  version?: OutcomeVersion;

  @Column({ type: 'uuid' })
  commitmentId: string;

  @Column({ type: 'varchar', length: 200 })
  theme: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  leads: string[];

  @Column({ type: 'varchar', length: 20 })
  status: CommitmentStatus;

  @Column({ type: 'uuid', nullable: true })
  followsUpId: string | null;
}
