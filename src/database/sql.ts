/**
 * SQL statements as tagged templates that number their parameters: every `${value}` becomes the next
 * `$n` and its value goes to `values`, so no statement needs a comment to say what `$7` is.
 *
 *   sql`SELECT id FROM event WHERE id = ${eventId} AND status = ${status}`.build()
 *     → { text: 'SELECT id FROM event WHERE id = $1 AND status = $2', values: [eventId, status] }
 *
 * A fragment interpolated into another is inlined (its values numbered in place); `param(value)` is one
 * parameter used in several places under one number; `raw`, `identifier` and `literal` are SQL text made
 * from constants, never from input; `foreign` takes SQL text that another feature builds around
 * placeholders it is given. Pure: no database, no framework.
 */

/** A parameter that keeps one number wherever it appears in a statement. */
export class SqlParam {
  constructor(readonly value: unknown) {}
}

/** SQL built elsewhere around placeholders: `render` gets one `$n` per value, in order. */
class Foreign {
  constructor(
    readonly values: readonly unknown[],
    readonly render: (placeholders: string[]) => string,
  ) {}
}

type Part = string | Sql | SqlParam | Foreign;

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** A statement with a name, which PostgreSQL may prepare once per connection (see PreparedStatements). */
export interface NamedStatement extends SqlStatement {
  name: string;
}

export class Sql {
  /** SQL text (strings), nested fragments, parameters and foreign SQL, in order. */
  constructor(readonly parts: readonly Part[]) {}

  build(): SqlStatement {
    const values: unknown[] = [];
    const numbers = new Map<SqlParam, string>();
    const placeholder = (param: SqlParam) => {
      let number = numbers.get(param);
      if (!number) {
        values.push(param.value);
        number = `$${values.length}`;
        numbers.set(param, number);
      }
      return number;
    };
    const render = (fragment: Sql): string =>
      fragment.parts
        .map((part) => {
          if (typeof part === 'string') return part;
          if (part instanceof Sql) return render(part);
          if (part instanceof SqlParam) return placeholder(part);
          return part.render(part.values.map((value) => placeholder(new SqlParam(value))));
        })
        .join('');
    return { text: render(this), values };
  }

  /** The statement under a name (see NamedStatement). */
  named(name: string): NamedStatement {
    return { name, ...this.build() };
  }
}

/** The tag: each interpolation is a fragment (inlined), a `param` (numbered once) or a value (a new parameter). */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const parts: Part[] = [];
  strings.forEach((text, index) => {
    if (text) parts.push(text);
    if (index >= values.length) return;
    const value = values[index];
    parts.push(value instanceof Sql || value instanceof SqlParam || value instanceof Foreign ? value : new SqlParam(value));
  });
  return new Sql(parts);
}

/** One parameter for several places in a statement. */
export const param = (value: unknown): SqlParam => new SqlParam(value);

/** SQL text from a constant (a keyword, a function call, an expression written in code); never from input. */
export const raw = (text: string): Sql => new Sql([text]);

/** A quoted identifier (a table, column or CTE name) from a constant. */
export const identifier = (name: string): Sql => raw(`"${name.replace(/"/g, '""')}"`);

/** A constant as an SQL literal: a quoted string, a number, a boolean or NULL. */
export function literal(value: string | number | boolean | null): Sql {
  if (value === null) return raw('NULL');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not an SQL number: ${value}`);
    return raw(String(value));
  }
  if (typeof value === 'boolean') return raw(value ? 'true' : 'false');
  return raw(`'${value.replace(/'/g, "''")}'`);
}

/** Fragments joined by `separator` (SQL text). */
export const join = (fragments: readonly Sql[], separator = ', '): Sql =>
  new Sql(fragments.flatMap((fragment, index) => (index === 0 ? [fragment] : [separator, fragment])));

/** SQL text that another feature builds around the placeholders of `values` (e.g. `MailService.enqueueing`). */
export const foreign = (values: readonly unknown[], render: (placeholders: string[]) => string): Sql =>
  new Sql([new Foreign(values, render)]);
