import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Mailing } from '../mail/mailing.entity';
import { OutcomeDocument } from './outcome-document.entity';

/**
 * The summary mailing of one published version of a document. Its primary key makes it once per
 * version: a second request for the same version is refused, whoever sends it, on any instance.
 */
@Entity('outcome_summary_mailing')
export class OutcomeSummaryMailing {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_outcome_summary_mailing' })
  documentId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_outcome_summary_mailing' })
  versionNumber: number;

  @ManyToOne(() => OutcomeDocument, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_outcome_summary_mailing_document' })
  document?: OutcomeDocument;

  @Column({ type: 'uuid' })
  mailingId: string;

  @ManyToOne(() => Mailing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailing_id', foreignKeyConstraintName: 'fk_outcome_summary_mailing_mailing' })
  mailing?: Mailing;

  @Column({ type: 'varchar', length: 20 })
  audience: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
