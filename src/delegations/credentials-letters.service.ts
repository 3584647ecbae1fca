import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { StoredFileResponse, toStoredFileResponse } from '../files/file.dto';
import { uploadedFile } from '../files/file-uploads';
import { FilesService, StoredFileInfo } from '../files/files.service';
import { checkPdf, CREDENTIALS_LETTER_BYTES } from '../files/pdfs';

/**
 * A delegation's credentials letter or note verbale (issue 18): a PDF of at most 10 MB, checked by its
 * content (src/files/pdfs.ts), kept by FilesService; `delegation.credentials_file_id` points at it. The
 * upload is checked first, then the delegation row is locked, the file stored within the event's limit,
 * the column set and the letter before removed, in one transaction. The focal points' portal calls
 * `attach` with the form it was posted, as the organisers' route does.
 */
@Injectable()
export class CredentialsLettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
  ) {}

  async attach(delegationId: string, body: unknown, field = 'file'): Promise<StoredFileResponse> {
    const upload = uploadedFile(body, field, CREDENTIALS_LETTER_BYTES);
    const pdf = checkPdf(upload.data, field);
    return this.dataSource.transaction(async (manager) => {
      const [delegation] = await manager.query<{ id: string; event_id: string; name: string; credentials_file_id: string | null }[]>(
        'SELECT id, event_id, name, credentials_file_id FROM delegation WHERE id = $1 FOR UPDATE',
        [delegationId],
      );
      if (!delegation) throw ApiError.notFound('Delegation');
      const stored = await this.files.store(manager, {
        eventId: delegation.event_id,
        kind: 'credentials_letter',
        contentType: pdf.contentType,
        filename: upload.filename || `Credentials ${delegation.name}`,
        extension: 'pdf',
        data: pdf.data,
        replaces: delegation.credentials_file_id,
        field,
      });
      await manager.query('UPDATE delegation SET credentials_file_id = $2 WHERE id = $1', [delegation.id, stored.id]);
      if (delegation.credentials_file_id) await this.files.remove(manager, delegation.credentials_file_id);
      return toStoredFileResponse(stored);
    });
  }

  /** The letter's description, or null. */
  async current(delegationId: string): Promise<StoredFileResponse | null> {
    return (await this.currentFor([delegationId])).get(delegationId) ?? null;
  }

  /**
   * The letters of several delegations (the accreditation review's), by delegation id, in one query; a
   * delegation without a letter (or unknown) has no entry.
   */
  async currentFor(delegationIds: readonly string[]): Promise<Map<string, StoredFileResponse>> {
    if (delegationIds.length === 0) return new Map();
    const rows = await this.dataSource.query<(StoredFileInfo & { delegationId: string })[]>(
      `SELECT d.id AS "delegationId", f.id, f.event_id AS "eventId", f.kind, f.content_type AS "contentType", f.filename,
              f.size_bytes AS "sizeBytes", f.sha256, f.created_at AS "createdAt"
         FROM delegation d JOIN stored_file f ON f.id = d.credentials_file_id
        WHERE d.id = ANY($1::uuid[])`,
      [delegationIds],
    );
    return new Map(rows.map(({ delegationId, ...file }) => [delegationId, toStoredFileResponse(file)]));
  }

  /** Streams the letter as a download; 404 when there is none. */
  async stream(delegationId: string, reply: FastifyReply): Promise<StreamableFile> {
    const [row] = await this.dataSource.query<{ credentials_file_id: string | null }[]>(
      'SELECT credentials_file_id FROM delegation WHERE id = $1',
      [delegationId],
    );
    if (!row) throw ApiError.notFound('Delegation');
    return this.files.stream(row.credentials_file_id, reply, { what: 'Credentials letter', disposition: 'attachment' });
  }

  /** Removes the letter; 404 when there is none. */
  async remove(delegationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ credentials_file_id: string | null }[]>(
        'SELECT credentials_file_id FROM delegation WHERE id = $1 FOR UPDATE',
        [delegationId],
      );
      if (!row) throw ApiError.notFound('Delegation');
      if (!row.credentials_file_id) throw ApiError.notFound('Credentials letter');
      await this.files.remove(manager, row.credentials_file_id);
    });
  }
}
