import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Event } from './event.entity';
import { Organisation } from './organisation.entity';

export const PARTNER_ROLES = ['host', 'co_organiser', 'funder', 'partner'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** An organisation's part in one event: host, co-organiser, funder or partner. */
@Entity('event_partner')
@Unique('uq_event_partner_event_organisation_role', ['eventId', 'organisationId', 'role'])
@Check('ck_event_partner_role', `"role" IN (${PARTNER_ROLES.map((role) => `'${role}'`).join(', ')})`)
@Index('ix_event_partner_organisation', ['organisationId'])
export class EventPartner {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_partner' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_partner_event' })
  event?: Event;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_event_partner_organisation' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 20 })
  role: PartnerRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
