import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Session } from './session.entity';
import { Speaker } from './speaker.entity';

export const SESSION_ROLES = ['chair', 'moderator', 'keynote', 'speaker', 'panellist', 'discussant', 'rapporteur'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

/** A speaker booked in a session, with a role and an optional manual order. */
@Entity('session_speaker')
@Unique('uq_session_speaker_session_speaker', ['sessionId', 'speakerId'])
@Check('ck_session_speaker_role', `"role" IN (${SESSION_ROLES.map((role) => `'${role}'`).join(', ')})`)
@Index('ix_session_speaker_speaker', ['speakerId'])
export class SessionSpeaker {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_session_speaker' })
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_session_speaker_session' })
  session?: Session;

  @Column({ type: 'uuid' })
  speakerId: string;

  @ManyToOne(() => Speaker, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'speaker_id', foreignKeyConstraintName: 'fk_session_speaker_speaker' })
  speaker?: Speaker;

  @Column({ type: 'varchar', length: 20 })
  role: SessionRole;

  /** Manual order among speakers of the same role and precedence. */
  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  order: number;

  /** When the speaker was last mailed their invitation to this session (SpeakerInvitationsService.invite); null: never. */
  @Column({ type: 'timestamptz', nullable: true })
  invitedAt: Date | null;
}
