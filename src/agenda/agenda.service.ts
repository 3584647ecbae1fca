import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AppConfig } from '../config/app-config';
import { toEventResponse } from '../events/event.dto';
import { CommittedRevisions } from '../events/committed-revisions';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { agendaCalendar } from './agenda-calendar';
import { encode, Encoded, Format } from './agenda-encoding';
import { groupByDay } from './agenda-time';
import { AgendaResponse, toAgendaSession } from './agenda.dto';
import { inProtocolOrder } from './protocol-order';
import { SessionsService } from './sessions.service';

interface Rendered {
  eventId: string;
  revision: number;
  /** Whether anonymous callers may see it (a published event); only such entries are served from memory. */
  isPublic: boolean;
  /** Until when a published event's document may be served without asking the database (ms epoch). */
  freshUntil: number;
  /** The check under way of whether a stale entry is still current (see revalidate). */
  revalidation?: Promise<boolean>;
  /** Encoded once: sending Buffers spares a UTF-8 encoding (and its garbage) per request. */
  json?: Encoded;
  ics?: Encoded;
}

/** How many events' agendas are kept rendered; the least recently used goes first. */
const CACHE_SIZE = 200;

/**
 * The public agenda, as JSON and as iCalendar, rendered once per event revision. Every change to an
 * event, its partners, sessions or speakers bumps the revision (EventsService.change), so:
 * - a request checks the event (visibility, revision) in the database and reuses the rendered document
 *   if the revision has not moved;
 * - for published events, for AGENDA_CACHE_SECONDS, not even that check is made. An entry older than the
 *   latest revision committed through this instance (CommittedRevisions) is never served, so changes here
 *   show at once; changes through another instance show after that delay.
 */
@Injectable()
export class AgendaService {
  private readonly cache = new Map<string, Rendered>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly revisions: CommittedRevisions,
  ) {}

  /** `{ event, days: [{ date, sessions }] }` as JSON, for whoever may see the event. */
  json(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<Encoded> {
    return this.document(idOrSlug, user, 'json', async (event) => JSON.stringify(await this.build(event)));
  }

  /** The agenda as an RFC 5545 calendar, one VEVENT per session. */
  ics(idOrSlug: string, user: AuthenticatedUser | undefined): Promise<Encoded> {
    return this.document(idOrSlug, user, 'ics', async (event) => {
      const sessions = await this.sessions.withSpeakers(this.dataSource.manager, event.id);
      const calendarSessions = sessions.map((session) => ({
        ...session,
        speakers: inProtocolOrder(session.bookings).map((booking) => ({ ...booking.speaker, role: booking.role })),
      }));
      return agendaCalendar(event, calendarSessions);
    });
  }

  /** A published event's rendered document, if it may be served without asking the database (anonymous callers only). */
  fresh(idOrSlug: string, format: Format): Encoded | undefined {
    const entry = this.cached(idOrSlug);
    return entry && entry.freshUntil > Date.now() ? entry[format] : undefined;
  }

  /**
   * For a stale entry of a published event: whether the event is still public at the rendered revision,
   * checked with one query for all requests that wait meanwhile. If so the entry is fresh again and its
   * document is returned. Undefined when there is nothing to revalidate (the normal path renders) or when
   * AGENDA_CACHE_SECONDS is 0 (each request checks the database itself).
   */
  revalidate(idOrSlug: string, format: Format): Promise<Encoded | undefined> | undefined {
    const entry = this.cached(idOrSlug);
    if (!entry?.isPublic || entry[format] === undefined || this.config.AGENDA_CACHE_SECONDS === 0) return undefined;
    entry.revalidation ??= this.events.findVisible(entry.eventId, undefined).then(
      (event) => {
        entry.revalidation = undefined;
        const current = event.revision === entry.revision && this.cache.get(idOrSlug) === entry;
        if (current) entry.freshUntil = this.freshUntil();
        return current;
      },
      () => {
        entry.revalidation = undefined;
        return false;
      },
    );
    return entry.revalidation.then((current) => (current ? entry[format] : undefined));
  }

  async build(event: Event): Promise<AgendaResponse> {
    const [partners, sessions] = await Promise.all([
      this.events.partnersByRole(event.id),
      this.sessions.withSpeakers(this.dataSource.manager, event.id),
    ]);
    return {
      event: toEventResponse(event, partners),
      days: groupByDay(sessions, event).map(({ date, items }) => ({
        date,
        sessions: items.map((session) => toAgendaSession(session, event.timezone)),
      })),
    };
  }

  private async document(
    idOrSlug: string,
    user: AuthenticatedUser | undefined,
    format: Format,
    render: (event: Event) => Promise<string>,
  ): Promise<Encoded> {
    const fresh = this.fresh(idOrSlug, format);
    if (fresh !== undefined) return fresh;
    const event = await this.events.findVisible(idOrSlug, user);
    const cached = this.cached(idOrSlug);
    const isPublic = event.status !== 'draft';
    const entry: Rendered =
      cached?.eventId === event.id && cached.revision === event.revision && cached.isPublic === isPublic
        ? cached
        : { eventId: event.id, revision: event.revision, isPublic, freshUntil: 0 };
    const document = (entry[format] ??= encode(format, await render(event)));
    // A render that read an older revision than one committed here meanwhile lost a race with a change.
    if (event.revision < this.revisions.of(event.id)) return document;
    entry.freshUntil = isPublic ? this.freshUntil() : 0;
    this.cache.delete(idOrSlug);
    this.cache.set(idOrSlug, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return document;
  }

  /** The entry under this key, unless a change committed through this instance has made it stale (it goes then). */
  private cached(idOrSlug: string): Rendered | undefined {
    const entry = this.cache.get(idOrSlug);
    if (entry && entry.revision < this.revisions.of(entry.eventId)) {
      this.cache.delete(idOrSlug);
      return undefined;
    }
    return entry;
  }

  private freshUntil(): number {
    return Date.now() + this.config.AGENDA_CACHE_SECONDS * 1000;
  }
}
