import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../events/event.entity';

/**
 * An event's visa support letter: the body (handlebars with placeholders, letters-template.ts), who signs
 * it, and the letterhead image. `letterheadFileId` names a row of the files table (`stored_file`), which
 * another part of issue 18 builds: until it is merged the column has no foreign key (see README).
 */
@Entity('letter_template')
export class LetterTemplate {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_letter_template' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_letter_template_event' })
  event?: Event;

  @Column({ type: 'uuid', nullable: true })
  letterheadFileId: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryName: string;

  @Column({ type: 'varchar', length: 200 })
  signatoryTitle: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
