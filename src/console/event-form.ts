import { COUNTRIES } from '../common/countries';
import { fromLocalInput, toLocalInput } from '../common/dates';
import { timeZoneNames } from '../common/time-zones';
import type { Event } from '../events/event.entity';
import { integerOr, one, Posted } from './console-forms';

/** The text fields of the event form, as the API names them. */
const TEXT = ['slug', 'title', 'description', 'startDate', 'endDate', 'timezone', 'venue', 'city', 'countryCode', 'seriesId'] as const;
const OPTIONAL = new Set(['description', 'venue', 'city', 'countryCode', 'seriesId']);

/** What the event form shows in its fields: the posted values again, or the event's. */
export type EventFormValues = Record<(typeof TEXT)[number] | 'capacity' | 'registrationOpensAt' | 'registrationClosesAt', string> & {
  approvalRequired: boolean;
  inviteOnly: boolean;
  asksPhoto: boolean;
  asksPassport: boolean;
};

/**
 * The body the API's event DTOs take, from the posted form: empty optional fields are left out of a new
 * event and cleared on an existing one; the registration window's local times are read in the event's
 * time zone; checkboxes are booleans.
 */
export function eventBody(form: Posted, mode: 'create' | 'update'): Record<string, unknown> {
  const empty = mode === 'create' ? undefined : null;
  const body: Record<string, unknown> = {};
  for (const name of TEXT) {
    const value = one(form, name) ?? '';
    body[name] = value === '' && OPTIONAL.has(name) ? empty : value;
  }
  const zone = typeof body.timezone === 'string' && isZone(body.timezone) ? body.timezone : 'UTC';
  body.capacity = integerOr(one(form, 'capacity'), empty);
  for (const name of ['registrationOpensAt', 'registrationClosesAt'] as const) body[name] = fromLocalInput(one(form, name), zone) ?? empty;
  body.approvalRequired = one(form, 'approvalRequired') === 'on';
  body.inviteOnly = one(form, 'inviteOnly') === 'on';
  body.asksPhoto = one(form, 'asksPhoto') === 'on';
  body.asksPassport = one(form, 'asksPassport') === 'on';
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

export function postedEventValues(form: Posted): EventFormValues {
  const text = (name: string) => one(form, name) ?? '';
  return {
    ...(Object.fromEntries(
      [...TEXT, 'capacity', 'registrationOpensAt', 'registrationClosesAt'].map((name) => [name, text(name)]),
    ) as Record<keyof EventFormValues, string>),
    approvalRequired: text('approvalRequired') === 'on',
    inviteOnly: text('inviteOnly') === 'on',
    asksPhoto: text('asksPhoto') === 'on',
    asksPassport: text('asksPassport') === 'on',
  };
}

export function eventValues(event: Event): EventFormValues {
  return {
    slug: event.slug,
    title: event.title,
    description: event.description ?? '',
    startDate: event.startDate,
    endDate: event.endDate,
    timezone: event.timezone,
    venue: event.venue ?? '',
    city: event.city ?? '',
    countryCode: event.countryCode ?? '',
    seriesId: event.seriesId ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    registrationOpensAt: toLocalInput(event.registrationOpensAt, event.timezone),
    registrationClosesAt: toLocalInput(event.registrationClosesAt, event.timezone),
    approvalRequired: event.approvalRequired,
    inviteOnly: event.inviteOnly,
    asksPhoto: event.asksPhoto,
    asksPassport: event.asksPassport,
  };
}

export const blankEventValues = (): EventFormValues => ({
  ...(Object.fromEntries([...TEXT, 'capacity', 'registrationOpensAt', 'registrationClosesAt'].map((name) => [name, ''])) as Record<
    keyof EventFormValues,
    string
  >),
  timezone: 'Asia/Karachi',
  approvalRequired: false,
  inviteOnly: false,
  asksPhoto: false,
  asksPassport: false,
});

let zones: Set<string> | undefined;
const isZone = (zone: string) => (zones ??= new Set(timeZoneNames())).has(zone);

/** The lists the event form offers: time zones (searchable, as a datalist) and countries by name. */
export const eventFormLists = (countryCode: string) => ({
  timeZones: timeZoneNames(),
  countries: COUNTRIES.map((country) => ({ value: country.code, label: country.name, selected: country.code === countryCode })),
});
