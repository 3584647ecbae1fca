import ical from 'ical-generator';
import type { SessionKind } from './session.entity';
import type { SessionRole } from './session-speaker.entity';

export interface CalendarEvent {
  slug: string;
  title: string;
  venue: string | null;
  city: string | null;
}

export interface CalendarSession {
  id: string;
  title: string;
  kind: SessionKind;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  description: string | null;
  updatedAt: Date;
  /** Already in protocol order. */
  speakers: { role: SessionRole; honorific: string | null; fullName: string; position: string | null; organisation: string | null }[];
}

/**
 * An event's agenda as an RFC 5545 calendar: one VEVENT per session, times in UTC (so no VTIMEZONE is
 * needed and every client shows them in its own zone), a UID stable across downloads (`<sessionId>@plenary`)
 * and DTSTAMP the session's last change. ical-generator escapes commas, semicolons and newlines and folds
 * long lines.
 */
export function agendaCalendar(event: CalendarEvent, sessions: CalendarSession[]): string {
  const calendar = ical({ prodId: { company: 'Plenary', product: 'Agenda', language: 'EN' }, name: event.title });
  for (const session of sessions) {
    calendar.createEvent({
      id: `${session.id}@plenary`,
      start: session.startsAt,
      end: session.endsAt,
      stamp: session.updatedAt,
      summary: session.title,
      location: [session.room, event.venue, event.city].filter(Boolean).join(', ') || null,
      description: describe(session) || null,
      categories: [{ name: session.kind }],
    });
  }
  return calendar.toString();
}

function describe(session: CalendarSession): string {
  const speakers = session.speakers.map((speaker) => {
    const name = [speaker.honorific, speaker.fullName].filter(Boolean).join(' ');
    const affiliation = [speaker.position, speaker.organisation].filter(Boolean).join(', ');
    return `${name}${affiliation ? `, ${affiliation}` : ''} (${speaker.role})`;
  });
  return [session.description, ...speakers].filter(Boolean).join('\n');
}
