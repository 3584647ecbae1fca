import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Events that follow each other: the 2024 regional workshop, the 2025 conference, the Brussels conference. */
@Entity('event_series')
export class EventSeries {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_series' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
