import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { assignDefined } from '../common/assign-defined';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { eventWindow, toZonedIso } from './agenda-time';
import { SessionResponse, SessionWithSpeakers, toSessionRef, toSessionResponse } from './agenda.dto';
import { CreateSessionDto, UpdateSessionDto } from './session.dto';
import { Session } from './session.entity';
import { SessionSpeaker } from './session-speaker.entity';
import { Speaker } from './speaker.entity';

/** Sessions of an agenda: their times stay inside the event's dates, and moving one never double-books a speaker unawares. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  async create(eventId: string, dto: CreateSessionDto): Promise<SessionResponse> {
    return this.events.change(eventId, async (manager, event) => {
      const session = manager.create(Session, { eventId: event.id, room: null, track: null, description: null });
      this.apply(session, dto, event);
      const saved = await manager.save(session);
      return toSessionResponse({ ...saved, bookings: [] }, event.timezone);
    });
  }

  /** The route checked the caller organises the session's event, before this locks the event. */
  async update({ id, eventId }: AuthorisedTarget, dto: UpdateSessionDto): Promise<SessionResponse> {
    return this.events.change(eventId, async (manager, event) => {
      const session = await this.lockedSession(manager, id);
      const before = { startsAt: session.startsAt.getTime(), endsAt: session.endsAt.getTime() };
      const { allowConflicts, ...changes } = dto;
      this.apply(session, changes, event);
      await manager.save(session);
      const [updated] = await this.withSpeakers(manager, eventId, id);
      // Only a move can create a clash; a clash booked on purpose does not block renaming the session.
      const moved = session.startsAt.getTime() !== before.startsAt || session.endsAt.getTime() !== before.endsAt;
      if (moved && !allowConflicts)
        await this.assertNoSpeakerClash(
          manager,
          updated,
          updated.bookings.map((booking) => booking.speaker),
          event.timezone,
        );
      return toSessionResponse(updated, event.timezone);
    });
  }

  async remove({ id, eventId }: AuthorisedTarget): Promise<void> {
    await this.events.change(eventId, async (manager) => {
      await this.lockedSession(manager, id);
      await manager.delete(Session, { id });
    });
  }

  /** A session of this event with its speakers in protocol order, as the API answers it; 404 if the event has no such session. */
  async inEvent(eventId: string, sessionId: string): Promise<SessionResponse> {
    const [session] = isUuid(sessionId) ? await this.withSpeakers(this.dataSource.manager, eventId, sessionId) : [];
    if (!session) throw ApiError.notFound('Session');
    const event = await this.events.getById(eventId);
    return toSessionResponse(session, event.timezone);
  }

  /** Re-reads a session after its event was locked (it may have been deleted meanwhile). */
  async lockedSession(manager: EntityManager, id: string): Promise<Session> {
    const session = await manager.findOneBy(Session, { id });
    if (!session) throw ApiError.notFound('Session');
    return session;
  }

  /** An event's sessions (or one of them) with their speakers, in one query, in time order. */
  async withSpeakers(manager: EntityManager, eventId: string, sessionId?: string): Promise<SessionWithSpeakers[]> {
    const query = manager
      .createQueryBuilder(Session, 'session')
      .leftJoinAndMapMany('session.bookings', SessionSpeaker, 'booking', 'booking.sessionId = session.id')
      .leftJoinAndMapOne('booking.speaker', Speaker, 'speaker', 'speaker.id = booking.speakerId')
      .where('session.eventId = :eventId', { eventId })
      .orderBy('session.startsAt', 'ASC')
      .addOrderBy('session.endsAt', 'ASC')
      .addOrderBy('session.title', 'ASC');
    if (sessionId) query.andWhere('session.id = :sessionId', { sessionId });
    return (await query.getMany()) as SessionWithSpeakers[];
  }

  /**
   * Refuses (409 SPEAKER_CONFLICT, naming the other session) if any of these speakers is booked in
   * another session that overlaps this one. Call with the event locked, so no concurrent booking slips in.
   */
  async assertNoSpeakerClash(
    manager: EntityManager,
    session: Session,
    speakers: Pick<Speaker, 'id' | 'fullName'>[],
    timezone: string,
  ): Promise<void> {
    if (speakers.length === 0) return;
    const clash = await manager
      .createQueryBuilder(SessionSpeaker, 'booking')
      .innerJoinAndMapOne('booking.session', Session, 'other', 'other.id = booking.sessionId')
      .where({ speakerId: In(speakers.map((speaker) => speaker.id)) })
      .andWhere('other.id <> :id AND other.startsAt < :endsAt AND other.endsAt > :startsAt', {
        id: session.id,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      })
      .orderBy('other.startsAt', 'ASC')
      .getOne();
    if (!clash) return;
    const other = clash.session!;
    const speaker = speakers.find((candidate) => candidate.id === clash.speakerId)!;
    const when = `${toZonedIso(other.startsAt, timezone)} to ${toZonedIso(other.endsAt, timezone)}`;
    throw new ApiError(
      'SPEAKER_CONFLICT',
      `${speaker.fullName} is already booked in "${other.title}" (${when}), which overlaps "${session.title}"`,
      {
        speaker: { id: speaker.id, fullName: speaker.fullName },
        session: toSessionRef(other, timezone),
      },
    );
  }

  private apply(session: Session, dto: Omit<UpdateSessionDto, 'allowConflicts'>, event: Event): void {
    const { startsAt, endsAt, ...plain } = dto;
    assignDefined(session, plain);
    if (startsAt !== undefined) session.startsAt = new Date(startsAt);
    if (endsAt !== undefined) session.endsAt = new Date(endsAt);
    if (session.endsAt <= session.startsAt) throw ApiError.invalidField('endsAt', 'must be after startsAt');
    const window = eventWindow(event.startDate, event.endDate, event.timezone);
    const within = `must be within the event's dates (${event.startDate} to ${event.endDate}, ${event.timezone})`;
    if (session.startsAt < window.start || session.startsAt >= window.end) throw ApiError.invalidField('startsAt', within);
    if (session.endsAt > window.end) throw ApiError.invalidField('endsAt', within);
  }

  /** Event dates or time zone may change only while every session still fits (EventChanges.update, before saving). */
  async assertSessionsWithin(manager: EntityManager, event: Event): Promise<void> {
    const window = eventWindow(event.startDate, event.endDate, event.timezone);
    const outside = await manager
      .createQueryBuilder(Session, 'session')
      .where('session.eventId = :eventId', { eventId: event.id })
      .andWhere('(session.startsAt < :start OR session.endsAt > :end)', window)
      .orderBy('session.startsAt', 'ASC')
      .getMany();
    if (outside.length === 0) return;
    throw new ApiError(
      'SESSIONS_OUTSIDE_DATES',
      `${outside.length} session(s) would fall outside the event's dates; move or delete them first`,
      {
        sessions: outside.map((session) => toSessionRef(session, event.timezone)),
      },
    );
  }
}
