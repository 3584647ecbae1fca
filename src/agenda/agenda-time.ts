import { DateTime } from 'luxon';

/**
 * Time-zone arithmetic for the agenda. Instants are stored in UTC; days and clock times belong to the
 * event's IANA time zone (Asia/Karachi), whatever the server's zone.
 */

/** The instants where an event's first day begins and its last day ends, in its own time zone. */
export function eventWindow(startDate: string, endDate: string, timezone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(startDate, { zone: timezone }).startOf('day');
  const end = DateTime.fromISO(endDate, { zone: timezone }).plus({ days: 1 }).startOf('day');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

/** An instant as ISO 8601 with the zone's offset at that instant: 2025-11-26T09:30:00+05:00. */
export function toZonedIso(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISO({ suppressMilliseconds: true })!;
}

/** Every date from start to end inclusive (YYYY-MM-DD). */
export function datesBetween(startDate: string, endDate: string): string[] {
  const dates: string[] = [];
  const end = DateTime.fromISO(endDate, { zone: 'UTC' });
  for (let day = DateTime.fromISO(startDate, { zone: 'UTC' }); day <= end; day = day.plus({ days: 1 })) dates.push(day.toISODate()!);
  return dates;
}

export interface Timed {
  startsAt: Date;
  endsAt: Date;
}

/** Groups items by the local date of their start, one entry for every day of the event, each day in time order. */
export function groupByDay<T extends Timed>(
  items: T[],
  event: { startDate: string; endDate: string; timezone: string },
): { date: string; items: T[] }[] {
  const days = new Map(datesBetween(event.startDate, event.endDate).map((date) => [date, [] as T[]]));
  for (const item of items) {
    const date = localDate(item.startsAt, event.timezone);
    if (!days.has(date)) days.set(date, []);
    days.get(date)!.push(item);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, dayItems]) => ({ date, items: dayItems.sort(byTime) }));
}

export function byTime(a: Timed, b: Timed): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime();
}

/** Half-open intervals: a session ending at 10:30 and one starting at 10:30 do not overlap. */
export function overlaps(a: Timed, b: Timed): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}
