import { parse } from 'csv-parse/sync';
import type { FieldError } from '../common/errors/api-error';

/** The columns of an invitation list (a CSV file's header row), in the order the page names them. */
export const LIST_COLUMNS = ['email', 'givenName', 'familyName', 'delegation'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** One line of a list as given: its number in the file or the pasted text (a CSV's header is row 1). */
export interface ListRow {
  row: number;
  email: string;
  givenName: string;
  familyName: string;
  delegation: string;
}

/** A list that could not be read at all, with why (shown beside the file or the text field). */
export class UnreadableList extends Error {}

/** Header names compared without case, spaces, underscores or hyphens: "Given name", "given_name", "GIVENNAME". */
const headerKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_KEY = new Map<string, ListColumn>(LIST_COLUMNS.map((column) => [headerKey(column), column]));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The rows of an uploaded CSV file: UTF-8 (a byte-order mark is dropped), comma-separated, CRLF or LF, a header
 * row naming the columns (`email` required; `givenName`, `familyName`, `delegation` optional; no others). Row
 * numbers are the file's records, the header being row 1; blank rows are skipped but counted. Throws
 * UnreadableList for a file that is not such a text.
 */
export function rowsOfCsv(data: Buffer): ListRow[] {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new UnreadableList('The file is not a text file in UTF-8. Save it from your spreadsheet as “CSV UTF-8” and try again.');
  }
  if (text.includes('\u0000')) throw new UnreadableList('The file is not a CSV text file (it holds binary data).');
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true, max_record_size: 64 * 1024 });
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new UnreadableList(
      `The file could not be read as CSV${typeof line === 'number' ? ` (near line ${line})` : ''}: check its quotes.`,
    );
  }
  const [header, ...body] = records;
  if (!header || header.every((cell) => cell === ''))
    throw new UnreadableList('The file is empty: it needs a header row and one row per invitee.');
  const columns = header.map((name) => COLUMN_BY_KEY.get(headerKey(name)));
  const unknown = header.filter((name, index) => !columns[index] && name !== '');
  const missing = columns.includes('email') ? [] : ['email'];
  const repeated = LIST_COLUMNS.filter((column) => columns.filter((found) => found === column).length > 1);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const parts = [
      missing.length > 0 ? `the column “email” is missing` : '',
      unknown.length > 0 ? `unknown ${unknown.length === 1 ? 'column' : 'columns'} ${quoted(unknown)}` : '',
      repeated.length > 0 ? `${quoted(repeated)} ${repeated.length === 1 ? 'appears' : 'appear'} twice` : '',
    ].filter(Boolean);
    throw new UnreadableList(
      `The header row does not fit: ${parts.join('; ')}. The columns are ${quoted([...LIST_COLUMNS])} (email required).`,
    );
  }
  const rows: ListRow[] = [];
  body.forEach((record, index) => {
    if (record.every((cell) => cell === '')) return;
    const row: ListRow = { row: index + 2, email: '', givenName: '', familyName: '', delegation: '' };
    columns.forEach((column, at) => {
      if (column) row[column] = record[at] ?? '';
    });
    rows.push(row);
  });
  return rows;
}

/**
 * The rows of pasted text, one invitee a line (its line number is its row): `email`, `Name <email>` (the last
 * word of the name is taken as the family name), or `email, given name, family name, delegation` (commas or
 * tabs, as pasted from a spreadsheet). Blank lines are skipped but counted.
 */
export function rowsOfPaste(text: string): ListRow[] {
  const rows: ListRow[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const row: ListRow = { row: index + 1, email: '', givenName: '', familyName: '', delegation: '' };
    const named = /^(.*?)\s*<([^<>]*)>$/.exec(line);
    if (named) {
      const name = named[1].replace(/^["']|["']$/g, '').trim();
      const cut = name.lastIndexOf(' ');
      row.email = named[2].trim();
      row.givenName = cut > 0 ? name.slice(0, cut).trim() : name;
      row.familyName = cut > 0 ? name.slice(cut + 1).trim() : '';
    } else {
      const [email = '', givenName = '', familyName = '', delegation = '', ...rest] = line.split(line.includes('\t') ? '\t' : ',');
      Object.assign(row, {
        email: email.trim(),
        givenName: givenName.trim(),
        familyName: familyName.trim(),
        delegation: delegation.trim(),
      });
      // More cells than the four columns: kept on the last, so the row is refused rather than silently cut.
      if (rest.length > 0) row.delegation = [delegation, ...rest].join(',').trim();
    }
    rows.push(row);
  });
  return rows;
}

export interface DelegationOfEvent {
  id: string;
  code: string;
  name: string;
}

export interface AcceptedRow {
  row: number;
  /** As the API's DTO normalised it (trimmed, lower case). */
  email: string;
  givenName: string;
  familyName: string;
  delegationId: string | null;
  delegationName: string | null;
}

export interface RefusedRow {
  row: number;
  /** What the row gave as its email, for the organiser to find it. */
  email: string;
  reason: string;
}

const FIELD_NAMES: Record<string, string> = { email: 'Email', givenName: 'Given name', familyName: 'Family name' };

/**
 * Sorts the rows into accepted and refused (with the row number and why): the errors the API's DTO found in each
 * row (`recipients.N.field`, N the row's index in `rows`), a delegation named by neither the code nor the name of a
 * delegation of the event (case-insensitive), or an email given by an earlier accepted row (compared as the DTO
 * normalised it). `normalised` are the DTO's recipients, in the order of `rows`.
 */
export function sortRows(
  rows: readonly ListRow[],
  normalised: readonly { email: string; givenName?: string; familyName?: string }[],
  errors: readonly FieldError[],
  delegations: readonly DelegationOfEvent[],
): { accepted: AcceptedRow[]; refused: RefusedRow[] } {
  const errorsAt = new Map<number, string[]>();
  for (const error of errors) {
    const match = /^recipients\.(\d+)\.(\w+)$/.exec(error.field);
    if (!match) continue;
    const index = Number(match[1]);
    errorsAt.set(index, [...(errorsAt.get(index) ?? []), `${FIELD_NAMES[match[2]] ?? match[2]} ${error.message}`]);
  }
  const byCode = new Map(delegations.map((delegation) => [delegation.code.toLowerCase(), delegation]));
  const byName = new Map<string, DelegationOfEvent | 'ambiguous'>();
  for (const delegation of delegations) {
    const key = delegation.name.trim().toLowerCase();
    byName.set(key, byName.has(key) ? 'ambiguous' : delegation);
  }
  const firstRowOf = new Map<string, number>();
  const accepted: AcceptedRow[] = [];
  const refused: RefusedRow[] = [];
  rows.forEach((row, index) => {
    const problems = errorsAt.get(index);
    if (problems) return refused.push({ row: row.row, email: row.email, reason: problems.join('; ') });
    const recipient = normalised[index];
    let delegation: DelegationOfEvent | null = null;
    const named = row.delegation.trim().toLowerCase();
    if (named) {
      const found = byCode.get(named) ?? byName.get(named);
      if (found === 'ambiguous')
        return refused.push({
          row: row.row,
          email: row.email,
          reason: `Delegation “${row.delegation}”: two delegations have this name; give its code`,
        });
      if (!found)
        return refused.push({
          row: row.row,
          email: row.email,
          reason: `Unknown delegation “${row.delegation}” (neither a code nor a name of this event’s delegations)`,
        });
      delegation = found;
    }
    const earlier = firstRowOf.get(recipient.email);
    if (earlier !== undefined)
      return refused.push({ row: row.row, email: row.email, reason: `Duplicate: the same email as row ${earlier}` });
    firstRowOf.set(recipient.email, row.row);
    accepted.push({
      row: row.row,
      email: recipient.email,
      givenName: recipient.givenName ?? '',
      familyName: recipient.familyName ?? '',
      delegationId: delegation?.id ?? null,
      delegationName: delegation?.name ?? null,
    });
  });
  return { accepted, refused };
}

function quoted(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((name) => `“${name.length > 40 ? `${name.slice(0, 40)}…` : name}”`);
  return `${shown.join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
}
