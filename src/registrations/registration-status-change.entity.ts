import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Registration, type RegistrationStatus } from './registration.entity';

/**
 * One step of a registration's status: written by every path that sets it (registering, in the same
 * statement; approving, rejecting, cancelling, promotion from the waitlist), never updated.
 */
@Entity('registration_status_change')
@Index('ix_registration_status_change_registration', ['registrationId', 'at'])
export class RegistrationStatusChange {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_registration_status_change' })
  id: string;

  @Column({ type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'fk_registration_status_change_registration' })
  registration?: Registration;

  /** NULL for the first step (registering). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: RegistrationStatus | null;

  @Column({ type: 'varchar', length: 20 })
  toStatus: RegistrationStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** The organiser who approved or rejected; NULL for the registrant's own steps and automatic ones. */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'fk_registration_status_change_actor' })
  actor?: User | null;

  /** A rejection's reason, as mailed. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;
}
