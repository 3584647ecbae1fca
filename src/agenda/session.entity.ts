import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Event } from '../events/event.entity';

export const SESSION_KINDS = ['opening', 'keynote', 'plenary', 'panel', 'workshop', 'side_event', 'break', 'closing'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** A slot in an event's agenda. */
@Entity('session')
@Check('ck_session_kind', `"kind" IN (${SESSION_KINDS.map((kind) => `'${kind}'`).join(', ')})`)
@Check('ck_session_times', `"ends_at" > "starts_at"`)
@Index('ix_session_event_starts_at', ['eventId', 'startsAt'])
export class Session {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_session' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_session_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  kind: SessionKind;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 120, nullable: true })
  room: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  track: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
