import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Event } from '../events/event.entity';
import { User } from './user.entity';

export const EVENT_ROLES = ['organiser', 'rapporteur', 'checkin', 'accreditation'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

/** A user's role at one event. */
@Entity('event_role')
@Unique('uq_event_role_event_user_role', ['eventId', 'userId', 'role'])
@Check('ck_event_role_role', `"role" IN ('organiser', 'rapporteur', 'checkin', 'accreditation')`)
export class EventRoleAssignment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_role' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_role_event' })
  event?: Event;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_event_role_user' })
  user?: User;

  @Column({ type: 'varchar', length: 20 })
  role: EventRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
