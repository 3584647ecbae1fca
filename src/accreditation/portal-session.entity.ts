import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Delegation } from '../delegations/delegation.entity';

/**
 * A focal point's signed-in browser, limited to one delegation (not a console session: see README.md).
 * The cookie holds a random token; only its SHA-256 is kept.
 */
@Entity('portal_session')
@Unique('uq_portal_session_token_hash', ['tokenHash'])
@Index('ix_portal_session_delegation', ['delegationId'])
export class PortalSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_portal_session' })
  id: string;

  @Column({ type: 'uuid' })
  delegationId: string;

  @ManyToOne(() => Delegation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delegation_id', foreignKeyConstraintName: 'fk_portal_session_delegation' })
  delegation?: Delegation;

  /** The address the sign-in link was mailed to; the session ends if the organiser gives the delegation another head. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
