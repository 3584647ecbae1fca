import { Transform } from 'class-transformer';

/** The zones this runtime lists, by lower-cased name (ICU's canonical list: e.g. "Asia/Karachi"). */
let listed: Map<string, string> | undefined;
const listedZones = (): Map<string, string> =>
  (listed ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => [zone.toLowerCase(), zone])));

/** Each word capitalised, as IANA writes most names: "america/argentina/buenos_aires" → "America/Argentina/Buenos_Aires". */
const conventionalCase = (zone: string) =>
  zone.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_match, separator: string, letter: string) => `${separator}${letter.toUpperCase()}`);

/**
 * The IANA name of a time zone as IANA writes it, whatever the case it was typed in ("asia/karachi" →
 * "Asia/Karachi"). Not ICU's canonical form: an alias is kept ("Asia/Kolkata" stays, though ICU
 * resolves it to "Asia/Calcutta"). A name the runtime does not know is returned as given (validation
 * refuses it).
 */
export function canonicalTimeZone(zone: string): string {
  const trimmed = zone.trim();
  try {
    new Intl.DateTimeFormat('en', { timeZone: trimmed });
  } catch {
    return zone;
  }
  const known = listedZones().get(trimmed.toLowerCase());
  if (known) return known;
  // An alias the list leaves out ("Europe/Kyiv", "Asia/Kolkata"): as typed if written with capitals, else conventionally.
  if (trimmed !== trimmed.toLowerCase() && trimmed !== trimmed.toUpperCase()) return trimmed;
  return conventionalCase(trimmed);
}

/** Stores a time zone field under its IANA name (see canonicalTimeZone); other values pass to validation. */
export const CanonicalTimeZone = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalTimeZone(value) : value));

/** Every IANA zone this runtime knows, for a list to choose from. */
export const timeZoneNames = (): string[] => [...listedZones().values()];
