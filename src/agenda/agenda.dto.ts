import { ApiProperty } from '@nestjs/swagger';
import { EventResponse } from '../events/event.dto';
import { toZonedIso } from './agenda-time';
import { inProtocolOrder } from './protocol-order';
import { SESSION_KINDS, Session, SessionKind } from './session.entity';
import { SESSION_ROLES, SessionRole, SessionSpeaker } from './session-speaker.entity';
import { Speaker } from './speaker.entity';

/** A session loaded with its bookings and their speakers. */
export type SessionWithSpeakers = Session & { bookings: (SessionSpeaker & { speaker: Speaker })[] };

/** What the public agenda shows of a speaker in a session. */
export class AgendaSpeaker {
  @ApiProperty({ enum: SESSION_ROLES }) role: SessionRole;
  @ApiProperty({ nullable: true, type: String }) honorific: string | null;
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty({ nullable: true, type: String }) organisation: string | null;
}

/** A booking as organisers see it. */
export class SessionSpeakerResponse extends AgendaSpeaker {
  @ApiProperty({ format: 'uuid' }) speakerId: string;
  @ApiProperty() order: number;
  @ApiProperty({ nullable: true, type: String, description: 'When the speaker was last mailed their invitation to this session' })
  invitedAt: string | null;
}

export class AgendaSession {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: SessionKind;
  @ApiProperty({ example: '2025-11-26T09:30:00+05:00', description: 'With the event time zone’s offset' }) startsAt: string;
  @ApiProperty({ example: '2025-11-26T10:30:00+05:00' }) endsAt: string;
  @ApiProperty({ nullable: true, type: String }) room: string | null;
  @ApiProperty({ nullable: true, type: String }) track: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: [AgendaSpeaker], description: 'In protocol order' }) speakers: AgendaSpeaker[];
}

export class SessionResponse extends AgendaSession {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ type: [SessionSpeakerResponse], description: 'In protocol order' }) declare speakers: SessionSpeakerResponse[];
}

export class AgendaDay {
  @ApiProperty({ example: '2025-11-26', description: 'A day of the event, in its time zone' }) date: string;
  @ApiProperty({ type: [AgendaSession] }) sessions: AgendaSession[];
}

export class AgendaResponse {
  @ApiProperty({ type: EventResponse }) event: EventResponse;
  @ApiProperty({ type: [AgendaDay], description: 'Every day of the event, sessions in time order' }) days: AgendaDay[];
}

export class SessionRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) room: string | null;
}

export class SpeakerRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
}

export class SpeakerClash {
  @ApiProperty({ type: SpeakerRef }) speaker: SpeakerRef;
  @ApiProperty({ type: [SessionRef] }) sessions: SessionRef[];
}

export class RoomClash {
  @ApiProperty() room: string;
  @ApiProperty({ type: [SessionRef] }) sessions: SessionRef[];
}

export class ConflictsResponse {
  @ApiProperty({
    type: [SpeakerClash],
    description: 'A speaker booked in two overlapping sessions (booked with allowConflicts, or sessions moved since)',
  })
  speakers: SpeakerClash[];
  @ApiProperty({ type: [RoomClash], description: 'Two overlapping sessions in the same room (allowed, but listed here)' })
  rooms: RoomClash[];
}

export function toSessionRef(session: Session, timezone: string): SessionRef {
  return {
    id: session.id,
    title: session.title,
    startsAt: toZonedIso(session.startsAt, timezone),
    endsAt: toZonedIso(session.endsAt, timezone),
    room: session.room,
  };
}

export function toAgendaSpeaker({ role, speaker }: SessionSpeaker & { speaker: Speaker }): AgendaSpeaker {
  return { role, honorific: speaker.honorific, fullName: speaker.fullName, position: speaker.position, organisation: speaker.organisation };
}

/** A session as the public agenda shows it. */
export function toAgendaSession(session: SessionWithSpeakers, timezone: string): AgendaSession {
  const { id, title, kind, room, track, description } = session;
  const times = toSessionRef(session, timezone);
  return {
    id,
    title,
    kind,
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    room,
    track,
    description,
    speakers: inProtocolOrder(session.bookings).map(toAgendaSpeaker),
  };
}

/** A session as its organisers see it: with the event and the speakers' ids and manual order. */
export function toSessionResponse(session: SessionWithSpeakers, timezone: string): SessionResponse {
  const speakers = inProtocolOrder(session.bookings).map((booking) => ({
    ...toAgendaSpeaker(booking),
    speakerId: booking.speakerId,
    order: booking.order,
    invitedAt: booking.invitedAt ? toZonedIso(booking.invitedAt, timezone) : null,
  }));
  return { ...toAgendaSession(session, timezone), eventId: session.eventId, speakers };
}

export class SpeakerInvitationResponse {
  @ApiProperty({ format: 'uuid', description: 'The queued mail, in the mail log' }) mailId: string;
}
