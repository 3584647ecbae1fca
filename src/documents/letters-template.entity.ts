import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { StoredFile } from '../files/stored-file.entity';

/**
 * An event's visa support letter: the body (handlebars with placeholders, letters-template.ts), who signs
 * it, and the letterhead image, a row of the files table (`stored_file`, kind `letterhead`) uploaded with
 * `PUT /events/:id/letter-template/letterhead`; removing the file sets `letterheadFileId` to null.
 */
@Entity('letter_template')
@Index('ix_letter_template_letterhead_file', ['letterheadFileId'], { where: '"letterhead_file_id" IS NOT NULL' })
export class LetterTemplate {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_letter_template' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_letter_template_event' })
  event?: Event;

  @Column({ type: 'uuid', nullable: true })
  letterheadFileId: string | null;

  @ManyToOne(() => StoredFile, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'letterhead_file_id', foreignKeyConstraintName: 'fk_letter_template_letterhead' })
  letterheadFile?: StoredFile | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryName: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryTitle: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
