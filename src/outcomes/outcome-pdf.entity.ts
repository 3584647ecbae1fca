import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OutcomeDocument } from './outcome-document.entity';

/**
 * The PDF of a published version, rendered once and served from here to every reader and every instance.
 * `inputSha256` fingerprints everything the PDF shows (the event's title, dates and partners, the
 * version, its commitments, the publication date) and the layout's revision: when any of them changes,
 * the next download renders the PDF again and replaces the row.
 */
@Entity('outcome_pdf')
export class OutcomePdf {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_outcome_pdf' })
  documentId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_outcome_pdf' })
  version: number;

  @ManyToOne(() => OutcomeDocument, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_outcome_pdf_document' })
  document?: OutcomeDocument;

  @Column({ type: 'char', length: 64 })
  inputSha256: string;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  renderedAt: Date;
}
