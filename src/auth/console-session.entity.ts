import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

/** A signed-in console browser. The cookie holds a random token; only its SHA-256 is kept. */
@Entity('console_session')
@Unique('uq_console_session_token_hash', ['tokenHash'])
@Index('ix_console_session_user', ['userId'])
export class ConsoleSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_console_session' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_console_session_user' })
  user?: User;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Moved forward as the browser is used (at most once a minute); the idle lifetime counts from it. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** The absolute end of the session, however active. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
