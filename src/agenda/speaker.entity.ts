import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../events/event.entity';

/** A person who speaks at an event, with their protocol rank. */
@Entity('speaker')
@Index('ix_speaker_event', ['eventId'])
export class Speaker {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_speaker' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_speaker_event' })
  event?: Event;

  /** Mr, Ms, Dr, H.E., Ambassador… */
  @Column({ type: 'varchar', length: 50, nullable: true })
  honorific: string | null;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  position: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  organisation: string | null;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  /** Stored trimmed and lower-cased; needed for the speaker invitation. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** Protocol rank: lower comes first (a minister before an ambassador before a head of agency); null comes last. */
  @Column({ type: 'integer', nullable: true })
  precedence: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
