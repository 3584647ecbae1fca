import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { fileRefusal, sizeText } from './file-refusals';
import { LETTERHEAD_BYTES } from './letterheads';
import { PHOTO_UPLOAD_BYTES } from './photos';
import { contentDisposition, safeFilename } from './safe-filename';
import { FileKind, StoredFile } from './stored-file.entity';

const MB = 1024 * 1024;

/** The largest file of each kind that may be stored (an upload is refused earlier, at its route's limit). */
export const FILE_LIMITS: Record<FileKind, number> = {
  photo: PHOTO_UPLOAD_BYTES,
  credentials_letter: 10 * MB,
  letterhead: LETTERHEAD_BYTES,
  document: 20 * MB,
};

/** How much of a file one query reads while streaming it out. */
const CHUNK_BYTES = 512 * 1024;
/** The namespace of the per-event advisory lock under which files are counted and stored. */
const FILES_LOCK_NAMESPACE = 0x4649; // "FI"

export interface StoreFile {
  eventId: string;
  kind: FileKind;
  /** What the content was found to be (see file-content.ts), never what the uploader declared. */
  contentType: string;
  /** Any name: it is sanitised (safeFilename) with `extension`. */
  filename: string;
  extension: string;
  data: Buffer;
  /** A file this one replaces in the same transaction (then removed by the caller): not counted against the event's limit. */
  replaces?: string | null;
  /** The form field the file came from, which a refusal names (default: the kind). */
  field?: string;
}

/** A stored file without its bytes. */
export interface StoredFileInfo {
  id: string;
  eventId: string;
  kind: FileKind;
  contentType: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

/**
 * The files feature (see README.md): every uploaded or generated file in one table of PostgreSQL, with
 * its size, type and SHA-256. Other features keep a stored file's id in their own rows and call this
 * service to store (inside their transaction), read, stream out and remove it.
 */
@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a file inside the caller's transaction (`manager` must be in one): refused with FILE_TOO_LARGE
   * over its kind's limit, and EVENT_FILES_FULL when the event's files would pass FILES_EVENT_LIMIT_BYTES.
   * The event's files are summed under a per-event advisory lock held until the transaction ends, so
   * parallel uploads on any number of instances cannot pass the limit together. A rolled-back
   * transaction leaves nothing behind.
   */
  async store(manager: EntityManager, file: StoreFile): Promise<StoredFileInfo> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('FilesService.store must run inside a transaction');
    const field = file.field ?? file.kind;
    const limit = FILE_LIMITS[file.kind];
    if (file.data.length > limit) throw fileRefusal('FILE_TOO_LARGE', field, `the file is larger than ${sizeText(limit)}`);
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FILES_LOCK_NAMESPACE, file.eventId]);
    const [{ used }] = await manager.query<{ used: string }[]>(
      `SELECT coalesce(sum(size_bytes), 0)::bigint AS used FROM stored_file WHERE event_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [file.eventId, file.replaces ?? null],
    );
    const eventLimit = this.config.FILES_EVENT_LIMIT_BYTES;
    if (Number(used) + file.data.length > eventLimit)
      throw new ApiError(
        'EVENT_FILES_FULL',
        `${field}: the event's files would take more than its limit of ${sizeText(eventLimit)} (${sizeText(Number(used))} used); nothing was stored`,
        { details: [{ field, message: `the event's files would pass its limit of ${sizeText(eventLimit)}` }], limitBytes: eventLimit },
      );
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    const filename = safeFilename(file.filename, file.extension, file.kind);
    const [row] = await manager.query<{ id: string; created_at: Date }[]>(
      `INSERT INTO stored_file (event_id, kind, content_type, filename, size_bytes, sha256, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
      [file.eventId, file.kind, file.contentType, filename, file.data.length, sha256, file.data],
    );
    return {
      id: row.id,
      eventId: file.eventId,
      kind: file.kind,
      contentType: file.contentType,
      filename,
      sizeBytes: file.data.length,
      sha256,
      createdAt: row.created_at,
    };
  }

  /** A stored file's description, without its bytes; null if there is none. */
  async info(id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredFileInfo | null> {
    const file = await manager.getRepository(StoredFile).findOneBy({ id });
    return file ? toStoredFileInfo(file) : null;
  }

  /** A stored file with its bytes in memory (for a badge or a letter that embeds it); null if there is none. */
  async read(id: string, manager: EntityManager = this.dataSource.manager): Promise<{ info: StoredFileInfo; data: Buffer } | null> {
    const file = await manager
      .getRepository(StoredFile)
      .createQueryBuilder('file')
      .addSelect('file.data')
      .where('file.id = :id', { id })
      .getOne();
    return file?.data ? { info: toStoredFileInfo(file), data: file.data } : null;
  }

  /**
   * Sends a stored file as the answer of the route whose reply this is: Content-Type (what the content
   * was found to be), Content-Length, a Content-Disposition with the sanitised name, `nosniff`, no caching
   * by shared caches, a sandboxing CSP and the SHA-256 as ETag. The bytes are read from PostgreSQL in
   * pieces of 512 KB as the client takes them. A missing file is a 404 "<what> not found".
   */
  async stream(
    id: string | null,
    reply: FastifyReply,
    options: { what: string; disposition?: 'inline' | 'attachment' },
  ): Promise<StreamableFile> {
    const [row] = id
      ? await this.dataSource.query<(Omit<StoredFileInfo, 'eventId' | 'createdAt'> & { first: Buffer })[]>(
          `SELECT id, kind, content_type AS "contentType", filename, size_bytes AS "sizeBytes", sha256,
                  substring(data FROM 1 FOR ${CHUNK_BYTES}) AS first
             FROM stored_file WHERE id = $1`,
          [id],
        )
      : [];
    if (!row) throw ApiError.notFound(options.what);
    void reply
      .header('content-type', row.contentType)
      .header('content-length', String(row.sizeBytes))
      .header('content-disposition', contentDisposition(options.disposition ?? 'attachment', row.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('etag', `"${row.sha256}"`);
    return new StreamableFile(Readable.from(this.chunks(row.id, row.sizeBytes, row.first)));
  }

  /** Removes a stored file (the rows that pointed at it are set to null by their foreign keys). */
  async remove(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.getRepository(StoredFile).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  private async *chunks(id: string, size: number, first: Buffer): AsyncGenerator<Buffer> {
    yield first;
    for (let offset = first.length; offset < size; offset += CHUNK_BYTES) {
      const [row] = await this.dataSource.query<{ chunk: Buffer }[]>(
        'SELECT substring(data FROM $2 FOR $3) AS chunk FROM stored_file WHERE id = $1',
        [id, offset + 1, CHUNK_BYTES],
      );
      if (!row) throw new Error('The file was removed while it was being sent');
      yield row.chunk;
    }
  }
}

export function toStoredFileInfo(file: StoredFile): StoredFileInfo {
  const { id, eventId, kind, contentType, filename, sizeBytes, sha256, createdAt } = file;
  return { id, eventId, kind, contentType, filename, sizeBytes, sha256, createdAt };
}
