import { Injectable } from '@nestjs/common';

/**
 * The latest revision of each event committed through this instance (EventsService.change records it).
 * A cache of something rendered from an event (the agenda) compares its entry's revision with it and
 * drops what is older, so a change shows at once on this instance.
 */
@Injectable()
export class CommittedRevisions {
  private readonly latest = new Map<string, number>();

  record(eventId: string, revision: number): void {
    if (revision > this.of(eventId)) this.latest.set(eventId, revision);
  }

  /** The latest revision committed here, 0 if none was. */
  of(eventId: string): number {
    return this.latest.get(eventId) ?? 0;
  }
}
