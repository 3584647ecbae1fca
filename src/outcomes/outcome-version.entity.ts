import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '../auth/user.entity';
import { OutcomeDocument } from './outcome-document.entity';

/**
 * One immutable version of an outcome document's markdown body. (document, number) is unique, so two
 * editors who both start from version n can never both write version n + 1.
 */
@Entity('outcome_version')
@Unique('uq_outcome_version_document_number', ['documentId', 'number'])
@Check('ck_outcome_version_number', `"number" >= 1`)
export class OutcomeVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_outcome_version' })
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => OutcomeDocument, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_outcome_version_document' })
  document?: OutcomeDocument;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  changeNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_outcome_version_author' })
  author?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
