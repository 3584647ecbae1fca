import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Event } from '../events/event.entity';

export const FILE_KINDS = ['photo', 'credentials_letter', 'letterhead', 'document'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * Every file Plenary keeps, uploaded or generated: the bytes themselves (`data`, stored uncompressed so that
 * a stream reads it piece by piece, see migration 1798190000000) with what was checked about them. A file
 * belongs to an event and goes with it; the rows that use a file (a registration's photo, a delegation's
 * credentials letter) point here and are set to null when it is removed.
 */
@Entity('stored_file')
@Index('ix_stored_file_event', ['eventId'])
@Check('ck_stored_file_kind', `"kind" IN ('photo', 'credentials_letter', 'letterhead', 'document')`)
@Check('ck_stored_file_size', `"size_bytes" = octet_length("data")`)
@Check('ck_stored_file_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class StoredFile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_stored_file' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_stored_file_event' })
  event?: Event;

  @Column({ type: 'varchar', length: 30 })
  kind: FileKind;

  /** What the content was found to be (never what the uploader declared): image/jpeg, application/pdf, … */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  /** Sanitised (see safeFilename): letters, digits, spaces, dots, dashes and underscores; no path. */
  @Column({ type: 'varchar', length: 120 })
  filename: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  /** Lower-case hex SHA-256 of `data`. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  data?: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
