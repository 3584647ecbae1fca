import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const USER_ROLES = ['admin', 'organiser', 'member'] as const;
/** admin: everything; organiser: may create events; member: a plain account (delegate, rapporteur…). */
export type UserRole = (typeof USER_ROLES)[number];

@Entity('app_user')
@Unique('uq_app_user_email', ['email'])
@Check('ck_app_user_role', `"role" IN ('admin', 'organiser', 'member')`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id: string;

  /** Stored trimmed and lower-cased. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  /** argon2id. NULL: no usable password yet (an account created by a team invitation; see account_token). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 20, default: 'member' })
  role: UserRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set by an admin: the account cannot log in, and its access tokens are refused. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
