import { eventWindow } from '../agenda/agenda-time';
import type { Event } from './event.entity';

/**
 * When registration for an event closes: at its explicit `registrationClosesAt`, or else when the event
 * ends, at midnight after its last day in its own time zone. Registration is judged in TypeScript (the
 * API's answers, the pages) and in SQL (the quick statement re-checks the row it writes against); both
 * take the close time from this module, so the two cannot drift apart.
 */
export function registrationClosesAt(event: Pick<Event, 'registrationClosesAt' | 'endDate' | 'timezone'>): Date {
  return event.registrationClosesAt ?? eventEndsAt(event);
}

/** When an event is over: midnight after its last day in its own time zone. */
export function eventEndsAt(event: Pick<Event, 'endDate' | 'timezone'>): Date {
  return eventWindow(event.endDate, event.endDate, event.timezone).end;
}

/** The same as `registrationClosesAt`, as an SQL expression over the event row `alias` (a timestamptz). */
export const registrationClosesAtSql = (alias: string) =>
  `coalesce(${alias}.registration_closes_at, ((${alias}.end_date + 1)::timestamp AT TIME ZONE ${alias}.timezone))`;
