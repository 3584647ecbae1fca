import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OutcomeDocument } from './outcome-document.entity';

export const COMMITMENT_STATUSES = ['proposed', 'endorsed', 'in_progress', 'achieved', 'dropped'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/**
 * A structured item of an outcome document, optionally following up a commitment of an earlier event of
 * the same series. A commitment that others follow up cannot be deleted (fk RESTRICT), so the trail holds.
 */
@Entity('commitment')
@Check('ck_commitment_status', `"status" IN (${COMMITMENT_STATUSES.map((status) => `'${status}'`).join(', ')})`)
@Check('ck_commitment_not_self', `"follows_up_id" IS NULL OR "follows_up_id" <> "id"`)
@Index('ix_commitment_document', ['documentId', 'position'])
@Index('ix_commitment_follows_up', ['followsUpId'])
export class Commitment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_commitment' })
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => OutcomeDocument, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_commitment_document' })
  document?: OutcomeDocument;

  /** Order within the document, from 0. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  theme: string;

  @Column({ type: 'text' })
  text: string;

  /** Lead organisations, as written (e.g. "UNODC", "Ministry of Interior"). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  leads: string[];

  @Column({ type: 'varchar', length: 20, default: 'proposed' })
  status: CommitmentStatus;

  @Column({ type: 'uuid', nullable: true })
  followsUpId: string | null;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'follows_up_id', foreignKeyConstraintName: 'fk_commitment_follows_up' })
  followsUp?: Commitment | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
