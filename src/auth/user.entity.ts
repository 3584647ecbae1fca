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

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20, default: 'member' })
  role: UserRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
