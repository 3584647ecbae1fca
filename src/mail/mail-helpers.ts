import type { HelperOptions } from 'handlebars';
import { partsInZone } from '../common/dates';
import type { MailRecipient } from './mail-templates';

/** The event's IANA time zone, from the root of the render context (every mail has an event). */
function zoneOf(options: HelperOptions): string {
  const root = (options.data as { root?: unknown } | undefined)?.root as { event?: { timezone?: string } } | undefined;
  return root?.event?.timezone ?? 'UTC';
}

function instant(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`not a date and time: ${String(value)}`);
  return date;
}

/** "Dr Amina Rahman"; empty when no name is known. */
export function fullName(recipient: MailRecipient | undefined): string {
  if (!recipient) return '';
  return [recipient.honorific, recipient.givenName, recipient.familyName].filter(Boolean).join(' ');
}

/**
 * Helpers shared by the html, text and subject templates. They return plain strings, so the html
 * templates escape what they return like any other value.
 */
export const mailHelpers = {
  /** {{datetime startsAt}} → "Wednesday 26 November 2025 at 09:30", in the event's time zone. */
  datetime(value: unknown, options: HelperOptions): string {
    const { weekday, day, month, year, hour, minute } = partsInZone(instant(value), zoneOf(options));
    return `${weekday} ${day} ${month} ${year} at ${hour}:${minute}`;
  },
  /** {{time endsAt}} → "10:30", in the event's time zone. */
  time(value: unknown, options: HelperOptions): string {
    const { hour, minute } = partsInZone(instant(value), zoneOf(options));
    return `${hour}:${minute}`;
  },
  /** {{fullName recipient}} → "Dr Amina Rahman". */
  fullName(recipient: MailRecipient): string {
    return fullName(recipient);
  },
  /** {{greeting recipient}} → "Dear Dr Amina Rahman" or "Dear colleague". */
  greeting(recipient: MailRecipient): string {
    const name = fullName(recipient);
    return name ? `Dear ${name}` : 'Dear colleague';
  },
  /** {{inc @index}} → 1 for the first item of a list. */
  inc(value: unknown): number {
    return Number(value) + 1;
  },
  /** {{#if (eq role "keynote")}} */
  eq(left: unknown, right: unknown): boolean {
    return left === right;
  },
};
