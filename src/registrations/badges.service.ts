import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { Event } from '../events/event.entity';
import { BadgeData, renderBadge } from './badge-layout';
import { BADGE_PHOTOS, BadgePhotos } from './badge-photos';
import { passesAccreditation } from './badge-rules';
import { writeBadgeSheet } from './badge-sheet';
import { badgeSheetStatements, RegistrationFilters } from './registration-list';
import { Registration } from './registration.entity';

export type { BadgeData } from './badge-layout';

/** How many registrations a sheet reads at a time (their rows, then their photos one by one). */
const SHEET_BATCH = 50;

/**
 * Name badges (issue 18; the design is badge-layout.ts): an A6 card with a colour band and the category in
 * words, the event, the photo when there is one, the name, the function, the delegation or organisation,
 * and a QR code of the unguessable badge code. Names in Arabic script, Greek and Cyrillic render with
 * embedded Noto fonts, right-to-left text in its order (src/common/pdf/pdf-text.ts); a name too wide for
 * one line shrinks, then wraps. Batch printing puts four on an A4 page (badge-sheet.ts).
 */
@Injectable()
export class BadgesService {
  private readonly logger = new Logger(BadgesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BADGE_PHOTOS) private readonly photos: BadgePhotos,
  ) {}

  async render(data: BadgeData): Promise<Buffer> {
    if (data.registration.status !== 'confirmed')
      throw new ApiError('NOT_CONFIRMED', 'A badge is issued once the registration is confirmed');
    // Issue 18 (src/accreditation): a member under accreditation gets a badge once accredited.
    if (!passesAccreditation(data.registration))
      throw new ApiError('NOT_ACCREDITED', 'A badge is issued once the secretariat has accredited this member');
    return renderBadge(data);
  }

  /** The photo for a registration's badge; a photo that cannot be had prints the badge without it. */
  async photoFor(registration: Registration): Promise<Buffer | null> {
    try {
      return await this.photos.photoFor(registration);
    } catch (error) {
      this.logger.warn(`No photo for the badge of registration ${registration.id}: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * The badges of the event's confirmed registrations that the list's filters select, four to an A4 page,
   * in the list's order, streamed: the ids come from one query read as a cursor (one snapshot, on a
   * connection of its own, released when the sheet ends or its reader goes away), the rows 50 at a time,
   * the photos one at a time. A status filter other than `confirmed` is refused (no badge but confirmed
   * ones); no confirmed registration in the selection is 409 NO_BADGES_TO_PRINT, before anything is sent.
   */
  async sheet(eventId: string, filters: RegistrationFilters): Promise<Readable> {
    if (filters.status && filters.status !== 'confirmed')
      throw ApiError.invalidField('status', 'badges are printed for confirmed registrations only: leave it out or choose confirmed');
    const event = await this.dataSource.getRepository(Event).findOneByOrFail({ id: eventId });
    const { ids, count } = badgeSheetStatements(eventId, filters);
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(...count);
    if (total === 0)
      throw new ApiError('NO_BADGES_TO_PRINT', 'No confirmed registration matches these filters, so there is no badge to print');

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let released = false;
    const release = () => {
      if (!released) void runner.release();
      released = true;
    };
    const rows = await runner.stream(ids[0], ids[1], release, release).catch((error: unknown) => {
      release();
      throw error;
    });
    const repository = this.dataSource.getRepository(Registration);
    const photoFor = (registration: Registration) => this.photoFor(registration);
    async function* badges(): AsyncGenerator<BadgeData> {
      try {
        let batch: { id: string; delegation_name: string | null }[] = [];
        const flush = async function* () {
          const found = new Map((await repository.findBy({ id: In(batch.map((row) => row.id)) })).map((row) => [row.id, row]));
          for (const row of batch) {
            const registration = found.get(row.id);
            // Cancelled or changed since the ids were read: printed as it is now, and only while confirmed.
            if (!registration || registration.status !== 'confirmed' || !passesAccreditation(registration)) continue;
            yield { registration, event, delegationName: row.delegation_name, photo: await photoFor(registration) };
          }
          batch = [];
        };
        for await (const row of rows as AsyncIterable<{ id: string; delegation_name: string | null }>) {
          batch.push(row);
          if (batch.length === SHEET_BATCH) yield* flush();
        }
        if (batch.length > 0) yield* flush();
      } finally {
        rows.destroy();
        release();
      }
    }
    return writeBadgeSheet(badges(), { title: `Badges — ${event.title}` });
  }
}
