import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Event } from '../events/event.entity';

/** A bulk send (invitations, an outcome summary): its mails are mail_message rows with its id. */
@Entity('mailing')
@Check('ck_mailing_total', `"total" >= 0`)
@Index('ix_mailing_event', ['eventId'])
@Index('ux_mailing_request_key', ['requestKey'], { unique: true })
export class Mailing {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_mailing' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_mailing_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_mailing_created_by' })
  createdBy?: User;

  /** The caller's key for the request that started it (CreateInvitationsDto.requestKey): each key starts one mailing. */
  @Column({ type: 'uuid', nullable: true })
  requestKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
