import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { toEventResponse } from '../events/event.dto';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { agendaCalendar } from './agenda-calendar';
import { groupByDay } from './agenda-time';
import { AgendaResponse, toSessionResponse } from './agenda.dto';
import { inProtocolOrder } from './protocol-order';
import { SessionsService } from './sessions.service';

interface Rendered {
  revision: number;
  json?: string;
  ics?: string;
}

/** How many events' agendas are kept rendered; the least recently built goes first. */
const CACHE_SIZE = 200;

/**
 * The public agenda, as JSON and as iCalendar. Rendered documents are cached per event and revision:
 * every change to an event, its partners, sessions or speakers bumps the revision (under the event row
 * lock), so a cached document is never served after a change, in this instance or any other.
 */
@Injectable()
export class AgendaService {
  private readonly cache = new Map<string, Rendered>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
  ) {}

  /** `{ event, days: [{ date, sessions }] }` as a JSON string, for whoever may see the event. */
  async json(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<string> {
    const event = await this.events.findVisible(idOrSlug, user);
    return this.rendered(event, 'json', async () => JSON.stringify(await this.build(event)));
  }

  /** The agenda as an RFC 5545 calendar, one VEVENT per session. */
  async ics(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<string> {
    const event = await this.events.findVisible(idOrSlug, user);
    return this.rendered(event, 'ics', async () => {
      const sessions = await this.sessions.withSpeakers(this.dataSource.manager, event.id);
      return agendaCalendar(
        event,
        sessions.map((session) => ({ ...session, speakers: inProtocolOrder(session.bookings).map((booking) => ({ ...booking.speaker, role: booking.role })) })),
      );
    });
  }

  async build(event: Event): Promise<AgendaResponse> {
    const [partners, sessions] = await Promise.all([
      this.events.partnersByRole(event.id),
      this.sessions.withSpeakers(this.dataSource.manager, event.id),
    ]);
    return {
      event: toEventResponse(event, partners),
      days: groupByDay(sessions, event).map(({ date, items }) => ({ date, sessions: items.map((session) => toSessionResponse(session, event.timezone)) })),
    };
  }

  private async rendered(event: Event, format: 'json' | 'ics', render: () => Promise<string>): Promise<string> {
    let entry = this.cache.get(event.id);
    if (!entry || entry.revision !== event.revision) entry = { revision: event.revision };
    entry[format] ??= await render();
    this.cache.delete(event.id);
    this.cache.set(event.id, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return entry[format];
  }
}
