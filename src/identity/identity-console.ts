import { COUNTRIES, countryNameOf } from '../common/countries';
import { formatCalendarDate } from '../common/dates';
import { ApiError } from '../common/errors/api-error';
import type { Event } from '../events/event.entity';
import { IdentityService } from './identity.service';

/** The identity form's fields as posted (the console's and the manage page's): text, the box as a boolean. */
export interface IdentityFormValues {
  passportNumber: string;
  issuingCountry: string;
  passportExpiry: string;
  dateOfBirth: string;
  needsVisaLetter: boolean;
}

type Form = Record<string, string | string[] | undefined>;
const text = (form: Form, name: string): string => {
  const value = form?.[name];
  return (Array.isArray(value) ? value[value.length - 1] : value) ?? '';
};

/** The posted identity form: what to show again, and the body IdentityDto checks (empty fields left out, so each is named "required"). */
export function identityBody(form: Form): { values: IdentityFormValues; body: Record<string, unknown> } {
  const values: IdentityFormValues = {
    passportNumber: text(form, 'passportNumber').trim(),
    issuingCountry: text(form, 'issuingCountry').trim(),
    passportExpiry: text(form, 'passportExpiry').trim(),
    dateOfBirth: text(form, 'dateOfBirth').trim(),
    needsVisaLetter: text(form, 'needsVisaLetter') === 'on',
  };
  const body: Record<string, unknown> = { needsVisaLetter: values.needsVisaLetter };
  for (const name of ['passportNumber', 'issuingCountry', 'passportExpiry', 'dateOfBirth'] as const)
    if (values[name]) body[name] = values[name];
  return { values, body };
}

/** Countries by name for the issuing-country list, the chosen one selected. */
export const issuingCountryOptions = (code: string) =>
  COUNTRIES.map((country) => ({ value: country.code, label: country.name, selected: country.code === code.trim().toUpperCase() }));

/** A field's message, "is required" for an empty one (class-validator says what format it lacks). */
export function identityErrors(errors: Record<string, string>, values: IdentityFormValues): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [
      field,
      field in values && field !== 'needsVisaLetter' && !values[field as keyof IdentityFormValues]
        ? 'is required'
        : field === 'issuingCountry'
          ? 'Choose a country from the list'
          : message,
    ]),
  );
}

/**
 * The "Identity document" section of the console's registration page (organisers and accreditation staff
 * only reach it): the document decrypted, or why it cannot be, and the form to give or correct it.
 */
export async function identitySection(
  identities: IdentityService,
  event: Event,
  registrationId: string,
  posted?: { values: IdentityFormValues; errors: Record<string, string> },
) {
  let stored = null;
  let unreadable: string | null = null;
  try {
    stored = await identities.readIdentity(registrationId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    unreadable = error.message;
  }
  if (!event.asksPassport && !stored && !unreadable) return null;
  const values: IdentityFormValues = posted?.values ?? {
    passportNumber: stored?.passportNumber ?? '',
    issuingCountry: stored?.issuingCountry ?? '',
    passportExpiry: stored?.passportExpiry ?? '',
    dateOfBirth: stored?.dateOfBirth ?? '',
    needsVisaLetter: stored?.needsVisaLetter ?? false,
  };
  const errors = posted ? identityErrors(posted.errors, values) : {};
  return {
    keyConfigured: identities.keyConfigured,
    unreadable,
    stored: stored && {
      ...stored,
      issuingCountryName: countryNameOf(stored.issuingCountry) ?? stored.issuingCountry,
      expiry: formatCalendarDate(stored.passportExpiry),
      birth: formatCalendarDate(stored.dateOfBirth),
    },
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    countries: issuingCountryOptions(values.issuingCountry),
  };
}
