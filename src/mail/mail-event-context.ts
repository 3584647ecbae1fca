import type { Event } from '../events/event.entity';
import { formatDateRange } from '../common/dates';
import type { MailEventContext } from './mail-templates';

type EventFields = Pick<
  Event,
  'id' | 'slug' | 'title' | 'description' | 'startDate' | 'endDate' | 'timezone' | 'venue' | 'city' | 'countryCode' | 'inviteOnly'
>;

const countryNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' });

export function countryName(code: string | null): string | null {
  return code ? (countryNames.of(code.toUpperCase()) ?? code) : null;
}

/** What every mail template knows about its event; links are built from PUBLIC_URL. */
export function toMailEventContext(event: EventFields, publicUrl: string): MailEventContext {
  const url = `${publicUrl}/events/${encodeURIComponent(event.slug)}`;
  const country = countryName(event.countryCode);
  const location = [event.venue, event.city, country].filter((part): part is string => Boolean(part)).join(', ');
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    description: event.description,
    dates: formatDateRange(event.startDate, event.endDate),
    timezone: event.timezone,
    venue: event.venue,
    city: event.city,
    country,
    location: location || null,
    inviteOnly: event.inviteOnly,
    url,
    registerUrl: `${url}/register`,
    agendaUrl: `${url}/agenda`,
  };
}
