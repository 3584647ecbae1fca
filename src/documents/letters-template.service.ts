import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { StoredFileResponse, toStoredFileResponse } from '../files/file.dto';
import { uploadedFile } from '../files/file-uploads';
import { FilesService, StoredFileInfo } from '../files/files.service';
import { checkLetterhead, CheckedLetterhead, LETTERHEAD_BYTES } from '../files/letterheads';
import { LetterTemplate } from './letters-template.entity';
import { checkLetterBody, DEFAULT_LETTER_BODY, LETTER_PLACEHOLDERS, LetterTemplateProblem } from './letters-template';
import { LetterTemplateResponse, PutLetterTemplateDto } from './letters.dto';

/** The multipart field of a letterhead upload (the API's and the console's). */
export const LETTERHEAD_FIELD = 'letterhead';

/**
 * An event's letter template (`GET/PUT /events/:id/letter-template`) and its letterhead
 * (`PUT/GET/DELETE /events/:id/letter-template/letterhead`); the console's letters screen calls the same.
 * A letterhead is checked (checkLetterhead) before any transaction; then the template row is locked, the
 * file stored within the event's limit, the column set and the letterhead before removed, in one
 * transaction, so a refusal at any step leaves the template and the files table as they were.
 */
@Injectable()
export class LetterTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
  ) {}

  async get(eventId: string): Promise<LetterTemplateResponse> {
    return toResponse(eventId, await this.find(eventId));
  }

  find(eventId: string): Promise<LetterTemplate | null> {
    return this.dataSource.getRepository(LetterTemplate).findOneBy({ eventId });
  }

  /**
   * Saves the template after rendering its body with sample values: a broken one is a 400 naming `body` and
   * the line. `letterheadFileId` left out (or the current one) keeps the letterhead, null removes it (and
   * its file); any other id is a 400 naming it, as letterheads are uploaded, not named. `letterhead`, a
   * checked upload (the console's form sends it with the template), is stored in the same transaction.
   */
  async put(
    eventId: string,
    dto: PutLetterTemplateDto,
    letterhead?: CheckedLetterhead & { filename: string },
  ): Promise<LetterTemplateResponse> {
    const body = dto.body.replace(/\r\n?/g, '\n');
    this.check(body);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, eventId);
      const currentId = current?.letterhead_file_id ?? null;
      if (dto.letterheadFileId !== undefined && dto.letterheadFileId !== null && dto.letterheadFileId.toLowerCase() !== currentId)
        throw ApiError.invalidField(
          'letterheadFileId',
          `is not the template's letterhead (${currentId ?? 'it has none'}); upload one with PUT /api/v1/events/${eventId}/letter-template/letterhead`,
        );
      const removing = dto.letterheadFileId === null && currentId !== null;
      await manager.getRepository(LetterTemplate).upsert(
        {
          eventId,
          body,
          signatoryName: dto.signatoryName,
          signatoryTitle: dto.signatoryTitle,
          letterheadFileId: removing ? null : currentId,
          updatedAt: new Date(),
        },
        { conflictPaths: ['eventId'] },
      );
      if (letterhead) await this.storeLetterhead(manager, eventId, currentId, letterhead);
      else if (removing) await this.files.remove(manager, currentId);
    });
    return this.get(eventId);
  }

  /** The body with the sample values (the console's preview), or the 400 a save would give. */
  preview(body: string): string {
    return this.check(body.replace(/\r\n?/g, '\n'));
  }

  /**
   * The letterhead of a multipart form's `field` (the API's upload, the console's form), checked by its
   * content: a PNG or JPEG of at most 2 MB and of a printable size. Refusals name the field.
   */
  async checkedLetterhead(form: unknown, field = LETTERHEAD_FIELD): Promise<CheckedLetterhead & { filename: string }> {
    const upload = uploadedFile(form, field, LETTERHEAD_BYTES);
    return { ...(await checkLetterhead(upload.data, field)), filename: upload.filename };
  }

  /**
   * Uploads the template's letterhead (`PUT /events/:id/letter-template/letterhead`), replacing the one before
   * (whose file is removed in the same transaction). The template must be saved first: 409
   * LETTER_TEMPLATE_MISSING, as a letterhead without a body and signatory prints no letter.
   */
  async attachLetterhead(eventId: string, form: unknown, field = LETTERHEAD_FIELD): Promise<StoredFileResponse> {
    const letterhead = await this.checkedLetterhead(form, field);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, eventId);
      if (!current)
        throw new ApiError(
          'LETTER_TEMPLATE_MISSING',
          `The event has no letter template yet: save it first (PUT /api/v1/events/${eventId}/letter-template), then upload its letterhead`,
        );
      return toStoredFileResponse(await this.storeLetterhead(manager, eventId, current.letterhead_file_id, letterhead, field));
    });
  }

  /** The letterhead's description, or null. */
  async letterhead(eventId: string): Promise<StoredFileInfo | null> {
    const template = await this.find(eventId);
    return template?.letterheadFileId ? this.files.info(template.letterheadFileId) : null;
  }

  /** Streams the letterhead (inline: an image the console shows); 404 when there is none. */
  async streamLetterhead(eventId: string, reply: FastifyReply): Promise<StreamableFile> {
    const template = await this.find(eventId);
    return this.files.stream(template?.letterheadFileId ?? null, reply, { what: 'Letterhead', disposition: 'inline' });
  }

  /** Removes the letterhead and its file; letters print without one from now on. 404 when there is none. */
  async removeLetterhead(eventId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, eventId);
      if (!current?.letterhead_file_id) throw ApiError.notFound('Letterhead');
      await manager.query('UPDATE letter_template SET letterhead_file_id = NULL, updated_at = now() WHERE event_id = $1', [eventId]);
      await this.files.remove(manager, current.letterhead_file_id);
    });
  }

  private async storeLetterhead(
    manager: EntityManager,
    eventId: string,
    currentId: string | null,
    letterhead: CheckedLetterhead & { filename: string },
    field = LETTERHEAD_FIELD,
  ): Promise<StoredFileInfo> {
    const stored = await this.files.store(manager, {
      eventId,
      kind: 'letterhead',
      contentType: letterhead.contentType,
      filename: letterhead.filename || 'Letterhead',
      extension: letterhead.extension,
      data: letterhead.data,
      replaces: currentId,
      field,
    });
    await manager.query('UPDATE letter_template SET letterhead_file_id = $2, updated_at = now() WHERE event_id = $1', [eventId, stored.id]);
    if (currentId) await this.files.remove(manager, currentId);
    return stored;
  }

  /** The template row, locked to the end of the transaction (null when none is saved). */
  private async lock(manager: EntityManager, eventId: string): Promise<{ letterhead_file_id: string | null } | null> {
    const [row] = await manager.query<{ letterhead_file_id: string | null }[]>(
      'SELECT letterhead_file_id FROM letter_template WHERE event_id = $1 FOR UPDATE',
      [eventId],
    );
    return row ?? null;
  }

  private check(body: string): string {
    try {
      return checkLetterBody(body);
    } catch (error) {
      if (!(error instanceof LetterTemplateProblem)) throw error;
      throw new ApiError('LETTER_TEMPLATE_INVALID', `The letter's body does not render: ${error.message}`, {
        details: [{ field: 'body', message: error.message }],
        line: error.line,
      });
    }
  }
}

function toResponse(eventId: string, template: LetterTemplate | null): LetterTemplateResponse {
  return {
    eventId,
    saved: template !== null,
    body: template?.body ?? DEFAULT_LETTER_BODY,
    signatoryName: template?.signatoryName ?? '',
    signatoryTitle: template?.signatoryTitle ?? '',
    letterheadFileId: template?.letterheadFileId ?? null,
    updatedAt: template?.updatedAt ?? null,
    placeholders: Object.keys(LETTER_PLACEHOLDERS),
  };
}
