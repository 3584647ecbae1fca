import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../common/secrets';
import { ApiError } from '../common/errors/api-error';
import { toStoredFileResponse, StoredFileResponse } from '../files/file.dto';
import { uploadedFile } from '../files/file-uploads';
import { FilesService } from '../files/files.service';
import { normalisePhoto, PHOTO_UPLOAD_BYTES } from '../files/photos';
import { ACTIVE_STATUSES, RegistrationStatus } from './registration.entity';

/** Who is asking: an organiser through the route's authorisation (by id), or the registrant (by manage token). */
export type PhotoOwner = { registrationId: string } | { token: string };

interface LockedRegistration {
  id: string;
  event_id: string;
  status: RegistrationStatus;
  given_name: string;
  family_name: string;
  photo_file_id: string | null;
}

/**
 * A registration's photo (issue 18): uploaded by an organiser or by the registrant through their manage
 * link, re-encoded by normalisePhoto (src/files/photos.ts) and kept by FilesService; the registration's
 * `photo_file_id` points at it. The upload is checked and re-encoded before the transaction; the
 * registration row is then locked, the new file stored (within the event's limit), the column set and
 * the old file removed, all in one transaction: a refusal at any step leaves the photo as it was.
 */
@Injectable()
export class RegistrationPhotosService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
  ) {}

  async attach(owner: PhotoOwner, body: unknown): Promise<StoredFileResponse> {
    const photo = await normalisePhoto(uploadedFile(body, 'photo', PHOTO_UPLOAD_BYTES).data, 'photo');
    return this.dataSource.transaction(async (manager) => {
      const registration = await this.lock(manager.query.bind(manager), owner);
      const stored = await this.files.store(manager, {
        eventId: registration.event_id,
        kind: 'photo',
        contentType: photo.contentType,
        filename: `${registration.given_name} ${registration.family_name}`,
        extension: 'jpg',
        data: photo.data,
        replaces: registration.photo_file_id,
        field: 'photo',
      });
      await manager.query('UPDATE registration SET photo_file_id = $2 WHERE id = $1', [registration.id, stored.id]);
      if (registration.photo_file_id) await this.files.remove(manager, registration.photo_file_id);
      return toStoredFileResponse(stored);
    });
  }

  /** Removes the photo; 404 when there is none. */
  async remove(owner: PhotoOwner): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const registration = await this.lock(manager.query.bind(manager), owner);
      if (!registration.photo_file_id) throw ApiError.notFound('Photo');
      await this.files.remove(manager, registration.photo_file_id);
    });
  }

  /** Streams the photo (a 600×800 JPEG) to the reply; 404 when there is none. */
  async stream(owner: PhotoOwner, reply: FastifyReply): Promise<StreamableFile> {
    const [row] = await this.dataSource.query<{ photo_file_id: string | null }[]>(
      `SELECT photo_file_id FROM registration WHERE ${'token' in owner ? 'manage_token_hash' : 'id'} = $1`,
      ['token' in owner ? sha256Hex(owner.token) : owner.registrationId],
    );
    if (!row) throw ApiError.notFound('Registration');
    return this.files.stream(row.photo_file_id, reply, { what: 'Photo', disposition: 'inline' });
  }

  /** The photo's description, or null (for the manage page). */
  async current(registrationId: string): Promise<StoredFileResponse | null> {
    const [row] = await this.dataSource.query<{ photo_file_id: string | null }[]>('SELECT photo_file_id FROM registration WHERE id = $1', [
      registrationId,
    ]);
    const info = row?.photo_file_id ? await this.files.info(row.photo_file_id) : null;
    return info ? toStoredFileResponse(info) : null;
  }

  /** The registration, locked until the transaction ends; through the manage link only while it is active. */
  private async lock(query: (sql: string, parameters: unknown[]) => Promise<LockedRegistration[]>, owner: PhotoOwner) {
    const byToken = 'token' in owner;
    const [registration] = await query(
      `SELECT id, event_id, status, given_name, family_name, photo_file_id FROM registration
        WHERE ${byToken ? 'manage_token_hash' : 'id'} = $1 FOR UPDATE`,
      [byToken ? sha256Hex(owner.token) : owner.registrationId],
    );
    if (!registration) throw ApiError.notFound('Registration');
    if (byToken && !ACTIVE_STATUSES.includes(registration.status))
      throw new ApiError('NOT_ACTIVE', `This registration is ${registration.status}, so its photo cannot change`);
    return registration;
  }
}
