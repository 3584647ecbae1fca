import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Registration } from '../registrations/registration.entity';

/**
 * Issue 18: a registration's passport or ID document. The number and the date of birth are stored only
 * as AES-256-GCM ciphertext (see src/common/crypto), under the key named by `keyId`; the issuing country
 * and the expiry are plain (see README: they identify no one, and the secretariat sorts and warns by them).
 */
@Entity('registration_identity')
@Index('ix_registration_identity_key', ['keyId'])
export class RegistrationIdentity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_registration_identity' })
  registrationId: string;

  @OneToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'fk_registration_identity_registration' })
  registration?: Registration;

  @Column({ type: 'bytea' })
  passportNumber: Buffer;

  @Column({ type: 'bytea' })
  dateOfBirth: Buffer;

  /** The id of the key both values are encrypted under (a short hash of the key, never the key). */
  @Column({ type: 'varchar', length: 32 })
  keyId: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  issuingCountry: string;

  @Column({ type: 'date' })
  passportExpiry: string;

  @Column({ type: 'boolean', default: false })
  needsVisaLetter: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
