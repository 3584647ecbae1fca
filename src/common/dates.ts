import { DateTime } from 'luxon';

/**
 * The one place dates are written out for people (pages, PDFs, mails): English day-month-year, always in
 * the event's IANA time zone for instants. Assembled from Intl parts by hand, so the output does not
 * depend on the ICU version.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The parts of an instant in a time zone. */
export function partsInZone(date: Date, zone: string): Record<'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute', string> {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return { weekday: parts.weekday, day: parts.day, month: parts.month, year: parts.year, hour: parts.hour, minute: parts.minute };
}

/** "2 December 2026": the calendar day of an instant in a time zone (e.g. when a document was published, in the event's zone). */
export function formatDay(instant: Date | string, zone: string): string {
  const { day, month, year } = partsInZone(instant instanceof Date ? instant : new Date(instant), zone);
  return `${day} ${month} ${year}`;
}

/** "26 November 2025, 09:00 (Asia/Karachi)": an instant with its time, in a time zone that is named. */
export function formatDateTime(instant: Date | string, zone: string): string {
  const { hour, minute } = partsInZone(instant instanceof Date ? instant : new Date(instant), zone);
  return `${formatDay(instant, zone)}, ${hour}:${minute} (${zone})`;
}

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

/** An instant as a `datetime-local` input shows it in a time zone ("2025-11-20T17:00"); empty for none. */
export function toLocalInput(instant: Date | null, zone: string): string {
  return instant ? DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/**
 * A `datetime-local` value read in a time zone, as an ISO instant with its offset ("2025-11-20T17:00" in
 * Asia/Karachi → "2025-11-20T17:00:00.000+05:00"); null for an empty value; the value itself when it is
 * not a local date-time (validation then names it).
 */
export function fromLocalInput(value: string | undefined, zone: string): string | null {
  if (!value || value.trim() === '') return null;
  const local = DateTime.fromISO(value.trim(), { zone });
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim()) && local.isValid
    ? local.toISO({ suppressMilliseconds: true })
    : value;
}

/** "2 Dec" (short, for a chart's axis) or "2 December 2026" (long): a calendar date, no time zone involved. */
export function formatCalendarDate(date: string, style: 'short' | 'long' = 'long'): string {
  const [year, month, day] = date.split('-').map(Number);
  if (style === 'long') return formatDateRange(date, date);
  // The first three letters of the long name ("Sep"), whatever the ICU version abbreviates to ("Sept").
  return `${day} ${monthNames.format(new Date(Date.UTC(year, month - 1, 1))).slice(0, 3)}`;
}

/** "09:05": the time of day of an instant in a time zone (the check-in desk's "Already checked in at 09:05"). */
export function formatTime(instant: Date | string, zone: string): string {
  const { hour, minute } = partsInZone(instant instanceof Date ? instant : new Date(instant), zone);
  return `${hour}:${minute}`;
}
