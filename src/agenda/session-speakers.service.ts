import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthorisedTarget } from '../auth/auth.metadata';
import { ApiError } from '../common/errors/api-error';
import { isUuid } from '../common/uuid';
import { Event } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { roomKey, clashingPairs } from './clashes';
import { ConflictsResponse, SessionResponse, SessionWithSpeakers, toSessionRef, toSessionResponse } from './agenda.dto';
import { SetSessionSpeakersDto } from './session.dto';
import { Session } from './session.entity';
import { SessionRole, SessionSpeaker } from './session-speaker.entity';
import { SessionsService } from './sessions.service';
import { Speaker } from './speaker.entity';

/** What the speaker-invitation mail needs: who, where, when and in which role. */
export interface SpeakerBooking {
  event: Event;
  session: Session;
  speaker: Speaker & { email: string };
  role: SessionRole;
}

/** Who speaks in which session, in which role; speaker and room clashes. */
@Injectable()
export class SessionSpeakersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Replaces a session's speakers. A speaker newly booked here who is already in an overlapping session is
   * refused with 409 SPEAKER_CONFLICT unless allowConflicts (those booked already stay, as they were checked
   * or allowed then; they keep the time of their invitation mail). The event row is locked for the whole check-and-write, so two
   * concurrent bookings of one speaker into overlapping sessions cannot both succeed.
   */
  async set({ id: sessionId, eventId }: AuthorisedTarget, dto: SetSessionSpeakersDto): Promise<SessionResponse> {
    return this.events.change(eventId, async (manager, event) => {
      const session = await this.sessions.lockedSession(manager, sessionId);
      const ids = dto.speakers.map((entry) => entry.speakerId);
      const speakers = ids.length ? await manager.findBy(Speaker, { id: In(ids), eventId }) : [];
      dto.speakers.forEach((entry, index) => {
        if (!speakers.some((speaker) => speaker.id === entry.speakerId))
          throw ApiError.invalidField(`speakers.${index}.speakerId`, 'no speaker with this id at this event');
        if (ids.indexOf(entry.speakerId) !== index)
          throw ApiError.invalidField(`speakers.${index}.speakerId`, 'lists the same speaker twice');
      });
      // Speakers already booked here were checked when booked (or booked into a clash on purpose): only newcomers are checked.
      const before = await manager.findBy(SessionSpeaker, { sessionId });
      const newcomers = speakers.filter((speaker) => !before.some((booking) => booking.speakerId === speaker.id));
      if (!dto.allowConflicts) await this.sessions.assertNoSpeakerClash(manager, session, newcomers, event.timezone);
      await manager.delete(SessionSpeaker, { sessionId });
      if (dto.speakers.length) {
        // A speaker who stays keeps the time of their invitation mail.
        const invitedAt = new Map(before.map((booking) => [booking.speakerId, booking.invitedAt]));
        await manager.insert(
          SessionSpeaker,
          dto.speakers.map((entry) => ({
            sessionId,
            speakerId: entry.speakerId,
            role: entry.role,
            order: entry.order ?? 0,
            invitedAt: invitedAt.get(entry.speakerId) ?? null,
          })),
        );
      }
      const [booked] = await this.sessions.withSpeakers(manager, eventId, sessionId);
      return toSessionResponse(booked, event.timezone);
    });
  }

  /** Every speaker booked in two overlapping sessions, and every room holding two overlapping sessions. */
  async conflicts(eventId: string): Promise<ConflictsResponse> {
    const event = await this.events.getById(eventId);
    const sessions = await this.sessions.withSpeakers(this.dataSource.manager, eventId);
    const bookings = sessions.flatMap((session) =>
      session.bookings.map((booking) => ({ ...booking, startsAt: session.startsAt, endsAt: session.endsAt, session })),
    );
    const ref = (session: SessionWithSpeakers) => toSessionRef(session, event.timezone);
    return {
      speakers: clashingPairs(bookings, (booking) => booking.speakerId).map(([a, b]) => ({
        speaker: { id: a.speaker.id, fullName: a.speaker.fullName },
        sessions: [ref(a.session), ref(b.session)],
      })),
      rooms: clashingPairs(sessions, (session) => roomKey(session.room)).map(([a, b]) => ({ room: a.room!, sessions: [ref(a), ref(b)] })),
    };
  }

  /**
   * For the speaker-invitation mail (wired by the mail feature; the route checked the caller organises
   * the session's event): the booking. 404 if the speaker is not booked in the session; 409
   * SPEAKER_WITHOUT_EMAIL if the speaker has no email.
   */
  async bookingForInvitation({ id: sessionId, eventId }: AuthorisedTarget, speakerId: string): Promise<SpeakerBooking> {
    const session = await this.sessions.lockedSession(this.dataSource.manager, sessionId);
    const booking = isUuid(speakerId)
      ? await this.dataSource.manager
          .createQueryBuilder(SessionSpeaker, 'booking')
          .innerJoinAndMapOne('booking.speaker', Speaker, 'speaker', 'speaker.id = booking.speakerId')
          .where({ sessionId, speakerId })
          .getOne()
      : null;
    if (!booking) throw ApiError.notFound('Speaker in this session');
    const speaker = booking.speaker!;
    if (!speaker.email)
      throw new ApiError('SPEAKER_WITHOUT_EMAIL', `${speaker.fullName} has no email address; add one first`, {
        speaker: { id: speaker.id, fullName: speaker.fullName },
      });
    return {
      event: await this.events.getById(eventId),
      session,
      speaker: speaker as Speaker & { email: string },
      role: booking.role,
    };
  }
}
