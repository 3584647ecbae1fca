import { Injectable } from '@nestjs/common';
import { FilesService } from '../files/files.service';
import type { Registration } from './registration.entity';

/**
 * Where a badge's photo comes from (issue 18). Badges ask for one photo at a time, as they draw, so that
 * a sheet of a thousand holds one photo in memory. The files feature answers with the registration's
 * stored photo (re-encoded JPEG); until it is connected, no badge has a photo.
 */
export interface BadgePhotos {
  /** The photo (JPEG or PNG) to print on this registration's badge, or null for none. */
  photoFor(registration: Registration): Promise<Buffer | null>;
}

/** Nest's token for the BadgePhotos in use: `{ provide: BADGE_PHOTOS, useClass: … }`. */
export const BADGE_PHOTOS = Symbol('BadgePhotos');

/** The default: no photos. */
@Injectable()
export class NoBadgePhotos implements BadgePhotos {
  photoFor(): Promise<Buffer | null> {
    return Promise.resolve(null);
  }
}

/** The registration's stored photo (re-encoded JPEG, src/files), read when its badge is drawn. */
@Injectable()
export class StoredBadgePhotos implements BadgePhotos {
  constructor(private readonly files: FilesService) {}

  async photoFor(registration: Registration): Promise<Buffer | null> {
    if (!registration.photoFileId) return null;
    return (await this.files.read(registration.photoFileId))?.data ?? null;
  }
}
