import { isISO31661Alpha2 } from 'class-validator';
import * as isoCountries from 'i18n-iso-countries';

export interface Country {
  /** ISO 3166-1 alpha-2, upper case: what the API takes and stores. */
  code: string;
  /** The English short name, as people choose it from a list. */
  name: string;
}

/**
 * The countries a delegate chooses from (nationality, a form's country questions), by English name.
 * Only codes the API accepts (class-validator's ISO 3166-1 alpha-2 list) are offered, so whatever is
 * chosen on a page is valid in the API too.
 */
export const COUNTRIES: readonly Country[] = Object.entries(isoCountries.getNames('en', { select: 'official' }))
  .filter(([code]) => isISO31661Alpha2(code))
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

const byCode = new Map(COUNTRIES.map((country) => [country.code, country.name]));

/** The English name of an ISO alpha-2 code (any case), or null when it is not a country of the list. */
export function countryNameOf(code: string | null | undefined): string | null {
  return code ? (byCode.get(code.trim().toUpperCase()) ?? null) : null;
}

/** What the API says of a value that is not a country code. */
export const COUNTRY_CODE_MESSAGE = 'must be a two-letter country code (ISO 3166-1 alpha-2), e.g. PK';
