import { foreign, identifier, join, literal, param, raw, sql } from './sql';

describe('sql', () => {
  it('numbers each value as the next parameter', () => {
    const eventId = 'e-1';
    expect(sql`SELECT id FROM event WHERE id = ${eventId} AND status = ${'published'}`.build()).toEqual({
      text: 'SELECT id FROM event WHERE id = $1 AND status = $2',
      values: ['e-1', 'published'],
    });
  });

  it('inlines nested fragments, numbering their values in place', () => {
    const open = sql`status = ${'published'} AND capacity > ${10}`;
    const statement = sql`SELECT ${1} AS one FROM event WHERE ${open} AND slug = ${'s'}`.build();
    expect(statement).toEqual({
      text: 'SELECT $1 AS one FROM event WHERE status = $2 AND capacity > $3 AND slug = $4',
      values: [1, 'published', 10, 's'],
    });
  });

  it('gives a param one number wherever it appears, even inside nested fragments', () => {
    const id = param('e-1');
    const inner = sql`event_id = ${id}`;
    expect(sql`SELECT ${'x'} WHERE id = ${id} AND ${inner}`.build()).toEqual({
      text: 'SELECT $1 WHERE id = $2 AND event_id = $2',
      values: ['x', 'e-1'],
    });
  });

  it('takes raw text, identifiers and literals from constants, as text, not parameters', () => {
    const statement = sql`SELECT ${identifier('we"ird')} FROM ${raw('event e')} WHERE e.status = ${literal("it's")} AND ${literal(
      true,
    )} AND ${literal(3)} IS NOT ${literal(null)}`.build();
    expect(statement).toEqual({ text: `SELECT "we""ird" FROM event e WHERE e.status = 'it''s' AND true AND 3 IS NOT NULL`, values: [] });
    expect(() => literal(Number.NaN)).toThrow();
  });

  it('joins fragments with a separator', () => {
    expect(join([sql`a = ${1}`, sql`b = ${2}`, raw('c')], ' AND ').build()).toEqual({ text: 'a = $1 AND b = $2 AND c', values: [1, 2] });
    expect(join([]).build()).toEqual({ text: '', values: [] });
  });

  it('numbers the placeholders of foreign SQL text in place', () => {
    const mail = foreign(['[rows]'], ([rows]) => `mail AS (SELECT * FROM json_to_recordset(${rows}::json))`);
    expect(sql`WITH a AS (SELECT ${'x'}), ${mail} SELECT ${'y'}`.build()).toEqual({
      text: 'WITH a AS (SELECT $1), mail AS (SELECT * FROM json_to_recordset($2::json)) SELECT $3',
      values: ['x', '[rows]', 'y'],
    });
  });

  it('names a statement for preparing', () => {
    expect(sql`SELECT ${1}`.named('one')).toEqual({ name: 'one', text: 'SELECT $1', values: [1] });
  });

  it('builds the same text each time, so a named statement is prepared once', () => {
    const fragment = (value: number) => sql`SELECT ${value}, ${raw('now()')}`;
    expect(fragment(1).build().text).toBe(fragment(2).build().text);
  });
});
