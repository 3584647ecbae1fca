import { diffLines } from 'diff';

export type DiffChangeType = 'added' | 'removed' | 'unchanged';

/** A run of consecutive lines that were added, removed or kept between two versions. */
export interface DiffChange {
  type: DiffChangeType;
  lines: string[];
}

export interface LineDiff {
  changes: DiffChange[];
  stats: { added: number; removed: number; unchanged: number };
}

/**
 * A line diff of two markdown bodies (the `diff` package's diffLines), as runs of whole lines without their
 * line endings. A missing final newline is not a change. Returns null when the texts differ too much to
 * diff within `timeoutMs` (very large rewrites).
 */
export function lineDiff(before: string, after: string, timeoutMs = 2000): LineDiff | null {
  const changes = diffLines(withFinalNewline(before), withFinalNewline(after), { timeout: timeoutMs });
  if (!changes) return null;
  const result: LineDiff = { changes: [], stats: { added: 0, removed: 0, unchanged: 0 } };
  for (const change of changes) {
    const type: DiffChangeType = change.added ? 'added' : change.removed ? 'removed' : 'unchanged';
    const lines = change.value.replace(/\r?\n$/, '').split(/\r?\n/);
    result.changes.push({ type, lines });
    result.stats[type] += lines.length;
  }
  return result;
}

const withFinalNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
