import { BADGE_ACCREDITATION_STATUSES } from './badge-rules';
/**
 * The organisers' list of registrations and its exports (issue 16): the sorts, the search expression and
 * the columns of the CSV and XLSX, one definition each. Nest-free, so that unit specs can import it.
 */
import type { FormField } from './registration-form.entity';

export const REGISTRATION_SORTS = [
  'created',
  '-created',
  'name',
  '-name',
  'organisation',
  '-organisation',
  'status',
  '-status',
  'waitlist',
] as const;
export type RegistrationSort = (typeof REGISTRATION_SORTS)[number];

const SORT_COLUMNS: Record<string, string[]> = {
  created: ['created_at'],
  name: ['family_name', 'given_name'],
  organisation: ['organisation'],
  status: ['status'],
  /** The waitlist in order (registrations not waiting have no position and come last). */
  waitlist: ['waitlist_position'],
};

/** ORDER BY terms of a sort on the alias, ending with the id as a stable tiebreak in the same direction (so an index serves it). */
export function orderOf(sort: RegistrationSort, alias: string): [column: string, direction: 'ASC' | 'DESC'][] {
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  return [...SORT_COLUMNS[sort.replace(/^-/, '')], 'id'].map((column) => [`${alias}.${column}`, direction]);
}

/**
 * What the search looks in: names, email and organisation as one text, so one trigram index
 * (`ix_registration_search`, migration 1798000000100, with exactly this expression) serves a
 * case-insensitive substring search (ILIKE). The parts are joined by a line break, which a search
 * term (one line) does not span.
 */
export const registrationSearchText = (alias: string) =>
  `(${alias}."given_name" || ' ' || ${alias}."family_name" || E'\\n' || ${alias}."email" || E'\\n' || coalesce(${alias}."organisation", ''))`;

/** An ILIKE pattern finding `term` anywhere, its wildcards taken literally. */
export const containing = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export type CellKind = 'text' | 'number' | 'boolean' | 'date';

/** The exports' fixed columns: the header, the SQL that reads it (registration `r`, delegation `d`) and its kind. */
export const EXPORT_COLUMNS: readonly { header: string; sql: string; kind: CellKind }[] = [
  { header: 'id', sql: 'r.id', kind: 'text' },
  { header: 'status', sql: 'r.status', kind: 'text' },
  { header: 'waitlist_position', sql: 'r.waitlist_position', kind: 'number' },
  { header: 'honorific', sql: 'r.honorific', kind: 'text' },
  { header: 'given_name', sql: 'r.given_name', kind: 'text' },
  { header: 'family_name', sql: 'r.family_name', kind: 'text' },
  { header: 'email', sql: 'r.email', kind: 'text' },
  { header: 'job_title', sql: 'r.job_title', kind: 'text' },
  { header: 'organisation', sql: 'r.organisation', kind: 'text' },
  { header: 'nationality', sql: 'r.nationality', kind: 'text' },
  { header: 'category', sql: 'r.category', kind: 'text' },
  { header: 'delegation', sql: 'd.name', kind: 'text' },
  { header: 'is_head_of_delegation', sql: 'r.is_head_of_delegation', kind: 'boolean' },
  { header: 'checked_in_at', sql: 'r.checked_in_at', kind: 'date' },
  { header: 'created_at', sql: 'r.created_at', kind: 'date' },
];

/** An export's header: the fixed columns, then one per question of the form, headed by its label (a repeated label gets its key). */
export function exportHeader(questions: readonly FormField[]): string[] {
  const columns = EXPORT_COLUMNS.map((column) => column.header);
  const labels = questions.map((question) => question.label || question.key);
  return [
    ...columns,
    ...labels.map((label, index) =>
      labels.indexOf(label) === index && !columns.includes(label) ? label : `${label} (${questions[index].key})`,
    ),
  ];
}

/** A row as the export query reads it: the fixed columns by header, and the answers. */
export type ExportRow = Record<string, unknown> & { answers: Record<string, unknown> | null };

/** An export's record: the fixed columns' values, then each question's answer (answers to questions no longer on the form are left out). */
export function exportRecord(row: ExportRow, questions: readonly FormField[]): unknown[] {
  const answers = row.answers ?? {};
  return [
    ...EXPORT_COLUMNS.map((column) => row[column.header] ?? null),
    ...questions.map((question) => (Object.hasOwn(answers, question.key) ? answers[question.key] : null)),
  ];
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A value as an export writes it: text neutralised, yes/no for booleans, objects as JSON (neutralised),
 * numbers as they are; dates as they are (the XLSX writes real dates) or as ISO text (`datesAsText`, the CSV).
 */
export function exportCell(value: unknown, { datesAsText }: { datesAsText: boolean }): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return datesAsText ? value.toISOString() : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return neutraliseFormula(value);
  return neutraliseFormula(JSON.stringify(value));
}

/** The filters of the list and of its exports (ListRegistrationsQuery's, without paging). */
export interface RegistrationFilters {
  status?: string;
  category?: string;
  delegationId?: string;
  checkedIn?: boolean;
  q?: string;
  sort?: RegistrationSort;
}

export type Statement = [text: string, parameters: unknown[]];

/**
 * `FROM registration r WHERE …` for the event's registrations as the filters select them, its
 * parameters numbered from $1: the one definition of the list's and the exports' filters. The search is
 * one ILIKE on `registrationSearchText`, which the trigram index serves.
 */
function filtered(eventId: string, filters: RegistrationFilters, join = ''): Statement {
  const parameters: unknown[] = [eventId];
  const next = (value: unknown) => `$${parameters.push(value)}`;
  const conditions = ['r.event_id = $1'];
  if (filters.status) conditions.push(`r.status = ${next(filters.status)}`);
  if (filters.category) conditions.push(`r.category = ${next(filters.category)}`);
  if (filters.delegationId) conditions.push(`r.delegation_id = ${next(filters.delegationId)}`);
  if (filters.checkedIn !== undefined) conditions.push(filters.checkedIn ? 'r.checked_in_at IS NOT NULL' : 'r.checked_in_at IS NULL');
  if (filters.q) conditions.push(`${registrationSearchText('r')} ILIKE ${next(containing(filters.q))}`);
  return [`FROM registration r${join} WHERE ${conditions.join(' AND ')}`, parameters];
}

const orderBy = (filters: RegistrationFilters) =>
  `ORDER BY ${orderOf(filters.sort ?? 'created', 'r')
    .map(([column, direction]) => `${column} ${direction}`)
    .join(', ')}`;

/**
 * The list's two statements: the ids of one page, in order, and the count of all that match. With a
 * search, the matches are found first (a MATERIALIZED CTE, so through the trigram index) and only then
 * sorted: otherwise the planner walks the sort's index through the whole event, filtering row by row,
 * in the hope of finding a page of matches early (see README.md, "The list at 20,000 registrations").
 */
export function listStatements(
  eventId: string,
  filters: RegistrationFilters,
  window: { offset: number; limit: number },
): { page: Statement; count: Statement } {
  const [from, parameters] = filtered(eventId, filters);
  const paging = `${orderBy(filters)} LIMIT ${Number(window.limit)} OFFSET ${Number(window.offset)}`;
  return {
    page: [
      filters.q
        ? `WITH matched AS MATERIALIZED (SELECT r.* ${from}) SELECT r.id FROM matched r ${paging}`
        : `SELECT r.id ${from} ${paging}`,
      parameters,
    ],
    count: [`SELECT count(*)::int AS total ${from}`, parameters],
  };
}

/** The exports' statement: the columns of EXPORT_COLUMNS by header, and the answers, in the list's order. */
export function exportStatement(eventId: string, filters: RegistrationFilters): Statement {
  const [from, parameters] = filtered(eventId, filters, ' LEFT JOIN delegation d ON d.id = r.delegation_id');
  const columns = [...EXPORT_COLUMNS.map((column) => `${column.sql} AS "${column.header}"`), 'r.answers'].join(', ');
  return [`SELECT ${columns} ${from} ${orderBy(filters)}`, parameters];
}

/**
 * The badge sheet's statements (issue 18): the ids of the confirmed registrations among those the filters
 * select, each with its delegation's name, in the list's order, and their count. The status filter is
 * `confirmed` whatever was asked (BadgesService refuses another one first).
 */
export function badgeSheetStatements(eventId: string, filters: RegistrationFilters): { ids: Statement; count: Statement } {
  const confirmed = { ...filters, status: 'confirmed' };
  const [where, parameters] = filtered(eventId, confirmed, ' LEFT JOIN delegation d ON d.id = r.delegation_id');
  // Members under accreditation are printed once accredited (badge-rules.ts).
  const from = `${where} AND r.accreditation_status IN (${BADGE_ACCREDITATION_STATUSES.map((status) => `'${status}'`).join(', ')})`;
  return {
    ids: [`SELECT r.id, d.name AS delegation_name ${from} ${orderBy(confirmed)}`, parameters],
    count: [`SELECT count(*)::int AS total ${from}`, parameters],
  };
}
