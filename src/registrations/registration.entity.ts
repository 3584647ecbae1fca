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
import { Delegation } from '../delegations/delegation.entity';
import { Event } from '../events/event.entity';
import { StoredFile } from '../files/stored-file.entity';

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_CATEGORIES = ['delegate', 'observer', 'speaker', 'media', 'staff', 'security'] as const;
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];
/** Statuses that occupy the person's place at the event: one such registration per email. */
/** Answers to an event's form questions, by field key. */
export type Answers = Record<string, string | boolean>;

/** Where a member stands in the secretariat's accreditation (src/accreditation): 'none' until nominated or submitted. */
export const ACCREDITATION_STATUSES = ['none', 'nominated', 'submitted', 'accredited', 'returned'] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];

export const ACTIVE_STATUSES: RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];

@Entity('registration')
@Index('uq_registration_event_email_active', ['eventId', 'email'], {
  unique: true,
  where: `"status" IN ('pending', 'confirmed', 'waitlisted')`,
})
// (event_id, status) INCLUDE (category, created_at, checked_in_at): the dashboard's counts read only the index; migration 1798000000300.
@Index('ix_registration_event_status', { synchronize: false })
@Index('ix_registration_waitlist', ['eventId', 'waitlistPosition'], { where: `"status" = 'waitlisted'` })
@Index('ix_registration_delegation', ['delegationId'], { where: '"delegation_id" IS NOT NULL' })
// The organisers' list (issue 16, migration 1798000000100): its filters and sorts within an event, and the
// search's trigram index on one expression (REGISTRATION_SEARCH_TEXT in registration-list.ts), created by the migration.
@Index('ix_registration_event_created', ['eventId', 'createdAt', 'id'])
@Index('ix_registration_event_name', ['eventId', 'familyName', 'givenName', 'id'])
@Index('ix_registration_event_organisation', ['eventId', 'organisation', 'id'])
@Index('ix_registration_event_category', ['eventId', 'category'])
@Index('ix_registration_event_checked_in', ['eventId'], { where: '"checked_in_at" IS NOT NULL' })
@Index('ix_registration_search', { synchronize: false })
@Index('ix_registration_photo_file', ['photoFileId'], { where: '"photo_file_id" IS NOT NULL' })
@Unique('uq_registration_manage_token_hash', ['manageTokenHash'])
@Unique('uq_registration_badge_code', ['badgeCode'])
@Check('ck_registration_status', `"status" IN ('pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled')`)
@Check('ck_registration_category', `"category" IN ('delegate', 'observer', 'speaker', 'media', 'staff', 'security')`)
@Check('ck_registration_accreditation_status', `"accreditation_status" IN ('none', 'nominated', 'submitted', 'accredited', 'returned')`)
@Check('ck_registration_waitlist', `("status" = 'waitlisted') = ("waitlist_position" IS NOT NULL)`)
export class Registration {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_registration' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_registration_event' })
  event?: Event;

  /** Trimmed and lower-cased. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  honorific: string | null;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  jobTitle: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  organisation: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2, nullable: true })
  nationality: string | null;

  @Column({ type: 'varchar', length: 20, default: 'delegate' })
  category: RegistrationCategory;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  answers: Answers;

  @Column({ type: 'uuid', nullable: true })
  delegationId: string | null;

  @ManyToOne(() => Delegation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegation_id', foreignKeyConstraintName: 'fk_registration_delegation' })
  delegation?: Delegation | null;

  @Column({ type: 'boolean', default: false })
  isHeadOfDelegation: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: RegistrationStatus;

  /** 1 for the first in line; set only while waitlisted, renumbered as people leave the list. */
  @Column({ type: 'integer', nullable: true })
  waitlistPosition: number | null;

  /** SHA-256 of the secret manage token, which only the registrant's mail carries. */
  @Column({ type: 'char', length: 64 })
  manageTokenHash: string;

  /** Unguessable code in the badge's QR code, scanned at check-in. */
  @Column({ type: 'varchar', length: 32 })
  badgeCode: string;

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** The person's photo (issue 18, src/files), re-encoded by normalisePhoto; null when none was uploaded. */
  @Column({ type: 'uuid', nullable: true })
  photoFileId: string | null;

  @ManyToOne(() => StoredFile, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'photo_file_id', foreignKeyConstraintName: 'fk_registration_photo_file' })
  photoFile?: StoredFile | null;
  /** The secretariat's accreditation of the member (src/accreditation/README.md). */
  @Column({ type: 'varchar', length: 20, default: 'none' })
  accreditationStatus: AccreditationStatus;

  /** Why the secretariat returned the member to the focal point; null otherwise. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  accreditationNote: string | null;
  /** The person agreed to be named in the published List of Participants (issue 18; src/documents/README.md). */
  @Column({ type: 'boolean', default: false })
  listed: boolean;

  /** Rank within the delegation in the List of Participants after the head: lower first, none last (like speakers' precedence). */
  @Column({ type: 'integer', nullable: true })
  precedence: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
