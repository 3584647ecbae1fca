import type { SessionResponse } from '../agenda/agenda.dto';
import type { SpeakerResponse } from '../agenda/speaker.dto';
import { integerOr, one, Posted } from './console-forms';

/** The console's agenda forms: what they post, and the bodies the API's DTOs take (words and times: agenda-text.ts). */

const SESSION_FIELDS = ['title', 'kind', 'startsAt', 'endsAt', 'room', 'track', 'description'] as const;
export type SessionFormValues = Record<(typeof SESSION_FIELDS)[number], string>;

const SPEAKER_FIELDS = ['honorific', 'fullName', 'position', 'organisation', 'bio', 'email', 'precedence'] as const;
export type SpeakerFormValues = Record<(typeof SPEAKER_FIELDS)[number], string>;

export const BOOKING_FIELDS = ['speakerId', 'role', 'order'] as const;
export type BookingFormValues = Record<(typeof BOOKING_FIELDS)[number], string>;

export const blankSessionValues = (): SessionFormValues =>
  ({ ...Object.fromEntries(SESSION_FIELDS.map((name) => [name, ''])), kind: 'plenary' }) as SessionFormValues;

export const postedSessionValues = (form: Posted): SessionFormValues =>
  Object.fromEntries(SESSION_FIELDS.map((name) => [name, one(form, name) ?? ''])) as SessionFormValues;

export const blankSpeakerValues = (): SpeakerFormValues =>
  Object.fromEntries(SPEAKER_FIELDS.map((name) => [name, ''])) as SpeakerFormValues;

export const postedSpeakerValues = (form: Posted): SpeakerFormValues =>
  Object.fromEntries(SPEAKER_FIELDS.map((name) => [name, one(form, name) ?? ''])) as SpeakerFormValues;

export const speakerValues = (speaker: SpeakerResponse): SpeakerFormValues => ({
  honorific: speaker.honorific ?? '',
  fullName: speaker.fullName,
  position: speaker.position ?? '',
  organisation: speaker.organisation ?? '',
  bio: speaker.bio ?? '',
  email: speaker.email ?? '',
  precedence: speaker.precedence === null ? '' : String(speaker.precedence),
});

/** The body Create/UpdateSpeakerDto take: an empty optional field is none, precedence a whole number. */
export const speakerBody = (values: SpeakerFormValues): Record<string, unknown> => ({
  honorific: values.honorific || null,
  fullName: values.fullName,
  position: values.position || null,
  organisation: values.organisation || null,
  bio: values.bio || null,
  email: values.email || null,
  precedence: integerOr(values.precedence, null),
});

export const postedBookingValues = (form: Posted): BookingFormValues =>
  Object.fromEntries(BOOKING_FIELDS.map((name) => [name, one(form, name) ?? ''])) as BookingFormValues;

/**
 * The whole list SetSessionSpeakersDto takes, with the booking the form adds: at the end, or in the
 * place of the same speaker's booking (which changes their role and order). `index` is the form's entry.
 */
export function bookingBody(session: SessionResponse, values: BookingFormValues): { body: Record<string, unknown>; index: number } {
  const speakers: Record<string, unknown>[] = session.speakers.map(({ speakerId, role, order }) => ({ speakerId, role, order }));
  const entry = { speakerId: values.speakerId, role: values.role, order: integerOr(values.order, undefined) };
  const existing = speakers.findIndex((booked) => booked.speakerId === values.speakerId);
  const index = existing >= 0 ? existing : speakers.length;
  speakers[index] = entry;
  return { body: { speakers }, index };
}
