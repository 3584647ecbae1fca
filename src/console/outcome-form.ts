import type { FieldError } from '../common/errors/api-error';
import { COMMITMENT_STATUSES } from '../outcomes/commitment.entity';
import type { CommitmentResponse } from '../outcomes/commitment.dto';
import { OUTCOME_KINDS, OutcomeKind } from '../outcomes/outcome-document.entity';
import type { DiffChange } from '../outcomes/version-diff';

/** How the console names a document's kind and a commitment's status. */
export const KIND_LABELS: Record<OutcomeKind, string> = {
  outcome_statement: 'Outcome statement',
  chair_summary: 'Chair’s summary',
  report: 'Report',
  declaration: 'Declaration',
};
export const kindOptions = (chosen: string) =>
  OUTCOME_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind], selected: kind === chosen }));
export const statusLabel = (status: string) => status.replace(/_/g, ' ');
export const commitmentStatusOptions = (chosen: string) =>
  COMMITMENT_STATUSES.map((status) => ({ value: status, label: statusLabel(status), selected: status === chosen }));

/** A posted form (see console-forms.ts), read here without Nest so that these helpers stay plain functions. */
type Form = Record<string, string | string[] | undefined>;
const all = (form: Form, name: string): string[] => {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string');
};

/** A posted value as typed (not trimmed): a markdown body keeps its spaces. */
export function raw(form: Form | undefined, name: string): string {
  return form ? (all(form, name)[0] ?? '') : '';
}

/** One row of the commitments editor, as its inputs hold it. */
export interface CommitmentRow {
  id: string;
  theme: string;
  text: string;
  leads: string;
  status: string;
  followsUpId: string;
}
const ROW_FIELDS = ['id', 'theme', 'text', 'leads', 'status', 'followsUpId'] as const;

/** The rows of the saved working set, as the editor shows them (leads one a line). */
export const rowsOf = (commitments: readonly CommitmentResponse[]): CommitmentRow[] =>
  commitments.map((commitment) => ({
    id: commitment.id,
    theme: commitment.theme,
    text: commitment.text,
    leads: commitment.leads.join('\n'),
    status: commitment.status,
    followsUpId: commitment.followsUpId ?? '',
  }));

export const blankRow = (): CommitmentRow => ({ id: '', theme: '', text: '', leads: '', status: 'proposed', followsUpId: '' });

/** The editor's rows as posted: every row posts each of its inputs once, so the repeated names line up. */
export function postedRows(form: Form): CommitmentRow[] {
  const columns = Object.fromEntries(ROW_FIELDS.map((name) => [name, all(form, name)])) as Record<(typeof ROW_FIELDS)[number], string[]>;
  const count = Math.max(...ROW_FIELDS.map((name) => columns[name].length));
  return Array.from({ length: count }, (_unused, index) => {
    const cell = (name: (typeof ROW_FIELDS)[number]) => (columns[name][index] ?? '').trim();
    return {
      id: cell('id'),
      theme: cell('theme'),
      text: cell('text'),
      leads: cell('leads'),
      status: cell('status'),
      followsUpId: cell('followsUpId'),
    };
  });
}

/** Leads as typed: separated by commas or lines, blanks dropped. */
export const splitLeads = (leads: string): string[] =>
  leads
    .split(/[,\n]/)
    .map((lead) => lead.trim())
    .filter(Boolean);

/** A row the editor offers for a new commitment and that was left empty (nothing to save). */
const isBlank = (row: CommitmentRow) => !row.id && !row.theme && !row.text && !row.leads && !row.followsUpId;

/** What a button of the editor asks besides saving: move a row up or down, or remove it. */
export type RowAction = { kind: 'move'; index: number; direction: 'up' | 'down' } | { kind: 'remove'; index: number } | null;

export function rowAction(form: Form): RowAction {
  const [move] = all(form, 'move');
  const moved = /^(\d{1,3}):(up|down)$/.exec(move ?? '');
  if (moved) return { kind: 'move', index: Number(moved[1]), direction: moved[2] as 'up' | 'down' };
  const [remove] = all(form, 'remove');
  if (remove !== undefined && /^\d{1,3}$/.test(remove)) return { kind: 'remove', index: Number(remove) };
  return null;
}

/** The rows after the action (a move past either end changes nothing). */
export function applyRowAction(rows: readonly CommitmentRow[], action: RowAction): CommitmentRow[] {
  const next = [...rows];
  if (!action || action.index >= rows.length) return next;
  if (action.kind === 'remove') {
    next.splice(action.index, 1);
    return next;
  }
  const target = action.index + (action.direction === 'up' ? -1 : 1);
  if (target < 0 || target >= rows.length) return next;
  [next[action.index], next[target]] = [next[target], next[action.index]];
  return next;
}

/**
 * The body of `PUT /outcomes/:id/commitments` (ReplaceCommitmentsDto) from the rows, without empty new
 * rows; `rowOf[n]` is the editor row of the body's commitment n, to put its errors beside its inputs.
 */
export function commitmentsBody(rows: readonly CommitmentRow[]): { body: { commitments: Record<string, unknown>[] }; rowOf: number[] } {
  const rowOf: number[] = [];
  const commitments: Record<string, unknown>[] = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    rowOf.push(index);
    commitments.push({
      ...(row.id ? { id: row.id } : {}),
      theme: row.theme,
      text: row.text,
      leads: splitLeads(row.leads),
      status: row.status || undefined,
      followsUpId: row.followsUpId || null,
    });
  });
  return { body: { commitments }, rowOf };
}

/** Errors named `commitments.N.field` (or `commitments.N.leads.M`) by editor row: `{ "2": { text: "…" } }`; others under `_`. */
export function rowErrors(errors: readonly FieldError[], rowOf: readonly number[]): Record<string, Record<string, string>> {
  const byRow: Record<string, Record<string, string>> = {};
  for (const error of errors) {
    const match = /^commitments\.(\d+)\.(\w+)/.exec(error.field);
    const row = match ? rowOf[Number(match[1])] : undefined;
    const key = row === undefined ? '_' : String(row);
    const field = match && row !== undefined ? match[2] : 'commitments';
    byRow[key] ??= {};
    byRow[key][field] ??= error.message;
  }
  return byRow;
}

/** A line of a diff as the console shows it: its kind, its sign ("+", "−" or none) and the words a screen reader says. */
export interface DiffLine {
  type: DiffChange['type'];
  sign: string;
  said: string;
  text: string;
}

const SIGNS: Record<DiffChange['type'], { sign: string; said: string }> = {
  added: { sign: '+', said: 'Added: ' },
  removed: { sign: '−', said: 'Removed: ' },
  unchanged: { sign: '', said: '' },
};

/** The runs of a diff as lines. */
export const diffLines = (changes: readonly DiffChange[]): DiffLine[] =>
  changes.flatMap((change) => change.lines.map((text) => ({ type: change.type, ...SIGNS[change.type], text })));
