import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Event } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';

export const DOCUMENT_KINDS = ['visa_letter', 'certificate'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type DocumentStatus = 'valid' | 'revoked';

/**
 * A document Plenary issued to a registrant (a visa support letter, a certificate of attendance), known by
 * its reference, which the document prints and its QR code links to (`/verify/<reference>`). At most one
 * valid document of each kind per registration (`uq_document_reference_valid`); a revoked one stays, so
 * that its reference still answers "revoked".
 */
@Entity('document_reference')
@Index('uq_document_reference_reference', ['reference'], { unique: true })
@Index('uq_document_reference_valid', ['registrationId', 'kind'], { unique: true, where: `"status" = 'valid'` })
@Index('ix_document_reference_event', ['eventId', 'kind'])
@Check('ck_document_reference_kind', `"kind" IN ('visa_letter', 'certificate')`)
@Check('ck_document_reference_status', `"status" IN ('valid', 'revoked')`)
export class DocumentReference {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_document_reference' })
  id: string;

  /** "ISB25-7KQ4-M9XD-2HCT": a prefix from the event, then 60 random bits (document-reference.ts). */
  @Column({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'varchar', length: 20 })
  kind: DocumentKind;

  @Column({ type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'fk_document_reference_registration' })
  registration?: Registration;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_document_reference_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 10, default: 'valid' })
  status: DocumentStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokedReason: string | null;
}
