import type { FieldError } from './errors/api-error';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store this text (a 500 if it reached a query), or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a null character (U+0000)';
  // A lone UTF-16 surrogate (JSON's "\ud800") is no character at all: json/jsonb refuse it, text columns store U+FFFD.
  if (LONE_SURROGATE.test(text)) return 'must not contain an unpaired UTF-16 surrogate (not a valid character)';
  return null;
}

/**
 * One error per string (value or key) that PostgreSQL cannot store, by dotted path: a NUL character or
 * an unpaired surrogate. Iterative, so any nesting depth is safe. The pipe applies it to every input;
 * the HTML forms (pages) apply it to their fields, to show the error beside the field.
 */
export function unstorableText(root: unknown, rootPath = ''): FieldError[] {
  const found: FieldError[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: root, path: rootPath }];
  while (pending.length > 0 && found.length < 20) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message) found.push({ field: path || 'body', message });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const message = textProblem(key);
        if (message) found.push({ field: childPath, message });
        else pending.push({ value: child, path: childPath });
      }
    }
  }
  return found;
}
