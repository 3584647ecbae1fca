import type { Event } from '../events/event.entity';
import type { MailEventContext } from './mail-templates';

type EventFields = Pick<Event, 'id' | 'slug' | 'title' | 'description' | 'startDate' | 'endDate' | 'timezone' | 'venue' | 'city' | 'countryCode' | 'inviteOnly'>;

const countryNames = new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' });
const monthNames = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** "26–27 November 2025", "30 November – 2 December 2025", "26 November 2025" (calendar dates, no time zone involved). */
export function formatDateRange(startDate: string, endDate: string): string {
  const [startYear, startMonth, startDay] = startDate.split('-').map(Number);
  const [endYear, endMonth, endDay] = endDate.split('-').map(Number);
  const month = (year: number, monthNumber: number) => monthNames.format(new Date(Date.UTC(year, monthNumber - 1, 1)));
  const end = `${endDay} ${month(endYear, endMonth)} ${endYear}`;
  if (startDate === endDate) return end;
  if (startYear === endYear && startMonth === endMonth) return `${startDay}–${end}`;
  if (startYear === endYear) return `${startDay} ${month(startYear, startMonth)} – ${end}`;
  return `${startDay} ${month(startYear, startMonth)} ${startYear} – ${end}`;
}

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
