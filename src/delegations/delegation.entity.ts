import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Event } from '../events/event.entity';
import { StoredFile } from '../files/stored-file.entity';

export const DELEGATION_KINDS = ['country', 'organisation'] as const;
export type DelegationKind = (typeof DELEGATION_KINDS)[number];
export const DELEGATION_STATUSES = ['invited', 'nominated', 'accredited'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
/** Where the List of Participants lists the delegation (issue 18; src/documents/README.md). States' sections are for country delegations only. */
export const DELEGATION_SECTIONS = ['member_state', 'observer_state', 'un_entity', 'igo', 'civil_society'] as const;
export type DelegationSection = (typeof DELEGATION_SECTIONS)[number];

/**
 * A country's or an organisation's delegation to an event, with a quota of places. `reservedCount`
 * counts its pending and confirmed members; it is changed only under the delegation's row lock, and
 * a check constraint keeps it within the quota whatever happens.
 */
@Entity('delegation')
@Unique('uq_delegation_code', ['code'])
@Index('ix_delegation_event', ['eventId'])
@Index('uq_delegation_event_country', ['eventId', 'countryCode'], { unique: true, where: `"kind" = 'country'` })
// (event_id, lower(organisation_name)) WHERE kind = 'organisation': an expression index, created by migration 1796100000000.
@Index('uq_delegation_event_organisation', { synchronize: false })
@Index('ix_delegation_credentials_file', ['credentialsFileId'], { where: '"credentials_file_id" IS NOT NULL' })
@Check('ck_delegation_kind', `"kind" IN ('country', 'organisation')`)
@Check('ck_delegation_status', `"status" IN ('invited', 'nominated', 'accredited')`)
@Check('ck_delegation_quota', `"reserved_count" >= 0 AND "reserved_count" <= "quota"`)
@Check('ck_delegation_country', `"kind" <> 'country' OR "country_code" IS NOT NULL`)
@Check('ck_delegation_section', `"section" IN ('member_state', 'observer_state', 'un_entity', 'igo', 'civil_society')`)
@Check('ck_delegation_section_kind', `("kind" = 'country') = ("section" IN ('member_state', 'observer_state'))`)
export class Delegation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_delegation' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_delegation_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: DelegationKind;

  @Column({ type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  organisationName: string | null;

  @Column({ type: 'integer' })
  quota: number;

  @Column({ type: 'integer', default: 0 })
  reservedCount: number;

  /** What members type or follow in their link to register with this delegation. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 20, default: 'invited' })
  status: DelegationStatus;

  @Column({ type: 'varchar', length: 320, nullable: true })
  headEmail: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  headGivenName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  headFamilyName: string | null;

  /** When the head was last mailed the invitation again (see DelegationsService.resendInvitation); null: never. */
  @Column({ type: 'timestamptz', nullable: true })
  invitationResentAt: Date | null;

  /** The credentials letter or note verbale (issue 18, src/files), a PDF; null until one is uploaded. */
  @Column({ type: 'uuid', nullable: true })
  credentialsFileId: string | null;

  @ManyToOne(() => StoredFile, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'credentials_file_id', foreignKeyConstraintName: 'fk_delegation_credentials_file' })
  credentialsFile?: StoredFile | null;
  /** The section of the List of Participants (issue 18): member_state or observer_state for a country, else un_entity, igo or civil_society. */
  @Column({ type: 'varchar', length: 20 })
  section: DelegationSection;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
