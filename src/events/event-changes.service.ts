import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SessionsService } from '../agenda/sessions.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RegistrationsService } from '../registrations/registrations.service';
import { CreateEventDto, EventResponse, UpdateEventDto } from './event.dto';
import { EventsService } from './events.service';

/**
 * Creating and changing an event, with everything that follows from it, called in order inside the
 * event's transaction. It sits above the features that keep rules on an event's fields (registrations:
 * seats follow the capacity; the agenda: sessions stay within the dates), which depend on EventsService.
 * Caches of the event learn of the change through EventsService.change (CommittedRevisions).
 */
@Injectable()
export class EventChanges {
  private readonly logger = new Logger(EventChanges.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly sessions: SessionsService,
  ) {}

  /** A draft event, its creator its organiser, and its seats. A new event has no sessions to check. */
  async create(dto: CreateEventDto, creator: AuthenticatedUser): Promise<EventResponse> {
    const event = await this.events.saving(dto.slug, () =>
      this.dataSource.transaction(async (manager) => {
        const saved = await this.events.insertDraft(manager, dto, creator);
        await this.registrations.followCapacity(manager, saved);
        return saved;
      }),
    );
    this.logger.log(`Event ${event.slug} created by ${creator.id}`);
    return this.events.response(event);
  }

  /**
   * Changes an event's fields, with the event row locked and its revision bumped; then, before saving:
   * the seats follow the capacity, promoting (and mailing) from the waitlist when seats were added or the
   * limit removed; and no session may fall outside new dates. Either may refuse the change (409).
   */
  async update(id: string, dto: UpdateEventDto, user: AuthenticatedUser): Promise<EventResponse> {
    const event = await this.events.saving(dto.slug, () =>
      this.events.change(id, async (manager, locked) => {
        await this.events.apply(manager, locked, dto, user);
        await this.registrations.followCapacity(manager, locked);
        await this.sessions.assertSessionsWithin(manager, locked);
        return manager.save(locked);
      }),
    );
    return this.events.response(event);
  }
}
