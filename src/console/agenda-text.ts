import type { SessionRef, SessionResponse } from '../agenda/agenda.dto';
import { SESSION_KINDS } from '../agenda/session.entity';
import { SESSION_ROLES } from '../agenda/session-speaker.entity';
import { formatCalendarDate, fromLocalInput, partsInZone, toLocalInput } from '../common/dates';
import type { FieldError } from '../common/errors/api-error';
import type { SessionFormValues } from './agenda-form';

/** The agenda screens' words: labels, days and times as people read them, and the API's messages for the forms (pure, no Nest). */

const words = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

/** "Opening", "Side event": a session kind as people read it. */
export const kindLabel = (kind: string) => words(kind);
/** "Chair", "Panellist": a speaker's role in a session. */
export const roleLabel = (role: string) => words(role);

export const kindOptions = (chosen: string) =>
  SESSION_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind), selected: kind === chosen }));
export const roleOptions = (chosen: string) =>
  SESSION_ROLES.map((role) => ({ value: role, label: roleLabel(role), selected: role === chosen }));

/** A session as its edit form shows it: start and end as local times in the event's zone. */
export const sessionValues = (session: SessionResponse, zone: string): SessionFormValues => ({
  title: session.title,
  kind: session.kind,
  startsAt: toLocalInput(new Date(session.startsAt), zone),
  endsAt: toLocalInput(new Date(session.endsAt), zone),
  room: session.room ?? '',
  track: session.track ?? '',
  description: session.description ?? '',
});

/** The body Create/UpdateSessionDto take: local times read in the event's zone; an empty optional field is none. */
export function sessionBody(values: SessionFormValues, zone: string): Record<string, unknown> {
  return {
    title: values.title,
    kind: values.kind,
    startsAt: fromLocalInput(values.startsAt, zone) ?? '',
    endsAt: fromLocalInput(values.endsAt, zone) ?? '',
    room: values.room || null,
    track: values.track || null,
    description: values.description || null,
  };
}

/** The API's words for the session fields, as the form's person reads them. */
export function sessionErrors(errors: readonly FieldError[], values: SessionFormValues): FieldError[] {
  return errors.map((error) => {
    const field = error.field;
    if ((field === 'startsAt' || field === 'endsAt') && /ISO 8601/.test(error.message))
      return {
        field,
        message: values[field] ? 'must be a date and a time' : `Enter the date and time it ${field === 'startsAt' ? 'starts' : 'ends'}`,
      };
    if (field === 'kind') return { field, message: 'Choose the kind of session' };
    if (field === 'title' && /longer than or equal to 1/.test(error.message)) return { field, message: 'Enter a title' };
    return { field, message: error.message.replace('startsAt', 'the start') };
  });
}

export function speakerErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) => {
    if (error.field === 'fullName' && /longer than or equal to 1/.test(error.message)) return { ...error, message: 'Enter the full name' };
    if (error.field === 'precedence' && /integer/.test(error.message))
      return { ...error, message: 'must be a whole number, e.g. 1, 2 or 10' };
    return error;
  });
}

/** The errors of the form's entry (`speakers.N.role`) as the form's fields (`role`). */
export function bookingErrors(errors: readonly FieldError[], index: number): FieldError[] {
  return errors.map((error) => {
    const field = error.field.startsWith(`speakers.${index}.`) ? error.field.slice(`speakers.${index}.`.length) : 'speakerId';
    if (field === 'speakerId' && /must be the id/.test(error.message)) return { field, message: 'Choose a speaker' };
    if (field === 'role') return { field, message: 'Choose a role' };
    if (field === 'order' && /integer/.test(error.message)) return { field, message: 'must be a whole number' };
    return { field, message: error.message };
  });
}

/** "Wednesday 26 November 2025": a day of the event (a calendar date). */
export function dayHeading(date: string): string {
  const { weekday } = partsInZone(new Date(`${date}T12:00:00Z`), 'UTC');
  return `${weekday} ${formatCalendarDate(date)}`;
}

/** "09:30" of a time with the event zone's offset (`2025-11-26T09:30:00+05:00`), as the API answers it. */
export const clockOf = (zonedIso: string) => zonedIso.slice(11, 16);

/** "26 November 2025, 14:30–15:30": when a session is, in the event's zone (its times carry the zone's offset). */
export function whenText(session: Pick<SessionRef, 'startsAt' | 'endsAt'>): string {
  const startDate = session.startsAt.slice(0, 10);
  const endDate = session.endsAt.slice(0, 10);
  const end = endDate === startDate ? clockOf(session.endsAt) : `${formatCalendarDate(endDate)}, ${clockOf(session.endsAt)}`;
  return `${formatCalendarDate(startDate)}, ${clockOf(session.startsAt)}–${end}`;
}

export const honorificName = (speaker: { honorific: string | null; fullName: string }) =>
  speaker.honorific ? `${speaker.honorific} ${speaker.fullName}` : speaker.fullName;
