import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { Registration } from './registration.entity';

/**
 * One row per seat of a capacity-limited event. A confirmed registration holds exactly one seat.
 * Registrations claim free seats with `FOR UPDATE SKIP LOCKED`, so a rush of registrations for one
 * event does not queue behind a single locked row; the primary key and the unique holder make
 * overselling impossible.
 */
@Entity('event_seat')
@Index('ix_event_seat_free', ['eventId', 'seatNumber'], { where: '"registration_id" IS NULL' })
@Index('uq_event_seat_registration', ['registrationId'], { unique: true })
export class EventSeat {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_event_seat' })
  eventId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_event_seat' })
  seatNumber: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_seat_event' })
  event?: Event;

  @Column({ type: 'uuid', nullable: true })
  registrationId: string | null;

  @ManyToOne(() => Registration, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'fk_event_seat_registration' })
  registration?: Registration | null;
}
