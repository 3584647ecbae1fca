import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { EventSeries } from './event-series.entity';

export const EVENT_STATUSES = ['draft', 'published', 'closed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
/** Whether the organisers published the List of Participants (issue 18; src/documents/README.md). */
export const PARTICIPANTS_LIST_STATUSES = ['unpublished', 'provisional', 'final'] as const;
export type ParticipantsListStatus = (typeof PARTICIPANTS_LIST_STATUSES)[number];

@Entity('event')
@Unique('uq_event_slug', ['slug'])
@Check('ck_event_status', `"status" IN ('draft', 'published', 'closed')`)
@Check('ck_event_dates', `"end_date" >= "start_date"`)
@Check('ck_event_capacity', `"capacity" IS NULL OR "capacity" >= 0`)
@Check(
  'ck_event_registration_window',
  `"registration_closes_at" IS NULL OR "registration_opens_at" IS NULL OR "registration_closes_at" > "registration_opens_at"`,
)
@Check('ck_event_participants_list', `"participants_list" IN ('unpublished', 'provisional', 'final')`)
@Index('ix_event_series', ['seriesId'])
export class Event {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Calendar dates in the event's own time zone. */
  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  /** IANA time zone, e.g. Asia/Karachi. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  venue: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  city: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  /** Seats; null means unlimited. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  registrationOpensAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  registrationClosesAt: Date | null;

  @Column({ type: 'boolean', default: false })
  approvalRequired: boolean;

  @Column({ type: 'boolean', default: false })
  inviteOnly: boolean;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: EventStatus;

  /** Issue 18: registrants are asked for a photo. */
  @Column({ type: 'boolean', default: false })
  asksPhoto: boolean;

  /** Issue 18: registrants are asked for passport or ID data (encrypted at rest; publishing needs DATA_ENCRYPTION_KEY). */
  @Column({ type: 'boolean', default: false })
  asksPassport: boolean;

  @Column({ type: 'uuid', nullable: true })
  seriesId: string | null;

  @ManyToOne(() => EventSeries, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_event_series' })
  series?: EventSeries | null;

  /** Place in the series; events without one follow, by start date. */
  @Column({ type: 'integer', nullable: true })
  seriesPosition: number | null;

  /**
   * Bumped by every change to the event or to what hangs off it (partners, sessions, speakers), under the
   * row lock that serialises those changes; the public agenda's cache is keyed by it.
   */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  /** The List of Participants: not public, or published as provisional or final (issue 18). */
  @Column({ type: 'varchar', length: 20, default: 'unpublished' })
  participantsList: ParticipantsListStatus;

  /** When the List of Participants was last published (null while unpublished). */
  @Column({ type: 'timestamptz', nullable: true })
  participantsListPublishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
