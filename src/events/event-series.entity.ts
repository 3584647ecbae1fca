import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';

/**
 * Events that follow each other: the 2024 regional workshop, the 2025 conference, the Brussels conference.
 * A series belongs to its creator's team: only its creator, an organiser of one of its events or an admin
 * may put an event into it (EventsService), since its events follow up each other's commitments.
 */
@Entity('event_series')
export class EventSeries {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_series' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** Who created the series (null for series made before this was recorded, or whose creator's account is gone). */
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_event_series_created_by' })
  createdBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
