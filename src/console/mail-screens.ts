import type { FieldError } from '../common/errors/api-error';
import { MAIL_STATUSES } from '../mail/mail-message.entity';
import { EVENT_MAIL_TEMPLATE_NAMES } from '../mail/mail-templates';

/** "registration_confirmed" → "Registration confirmed": a template's name as the screens write it. */
export const templateTitle = (name: string): string => {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The parts of a template as the editor labels them. */
export const PART_LABELS: Record<string, string> = { subject: 'Subject', html: 'HTML part', text: 'Text part' };

/** The template options of a filter, the chosen one selected. */
export const templateOptions = (selected: string | undefined) =>
  EVENT_MAIL_TEMPLATE_NAMES.map((name) => ({ value: name, label: templateTitle(name), selected: name === selected }));

const STATUS_LABELS: Record<string, string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };

export const statusOptions = (selected: string | undefined) =>
  MAIL_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status], selected: status === selected }));

/** The query string of a filtered view, without empty values (for links that keep the filters). */
export function queryOf(filters: Record<string, string | undefined>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A posted textarea's text with LF line breaks (browsers post CRLF). */
export const lines = (value: string | undefined): string => (value ?? '').replace(/\r\n?/g, '\n');

/**
 * Errors of a template's parts for the editor: beside each field its message ("Line 2: …"), and for the
 * summary above the form the part named ("HTML part, line 2: …") with a link to its field.
 */
export function partErrors(errors: readonly FieldError[]): {
  byField: Record<string, string>;
  summary: { href: string; text: string }[];
} {
  const byField: Record<string, string> = {};
  for (const error of errors) byField[error.field] ??= capitalise(error.message);
  const summary = Object.entries(byField).map(([field, message]) => ({
    href: `#${field}`,
    text: `${PART_LABELS[field] ?? field}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
  }));
  return { byField, summary };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
