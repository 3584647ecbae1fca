import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Event } from '../events/event.entity';

/** An event's own subject, html and/or text for one mail template; a null part keeps the default. */
@Entity('mail_template_override')
@Unique('uq_mail_template_override_event_name', ['eventId', 'name'])
export class MailTemplateOverride {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_mail_template_override' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_mail_template_override_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_id', foreignKeyConstraintName: 'fk_mail_template_override_updated_by' })
  updatedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
