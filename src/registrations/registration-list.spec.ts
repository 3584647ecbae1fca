import { containing, exportCell, exportHeader, exportRecord, listStatements, neutraliseFormula, orderOf } from './registration-list';

describe('registration-list (issue 16)', () => {
  it('sorts with the id last, in the same direction', () => {
    expect(orderOf('-name', 'r')).toEqual([
      ['r.family_name', 'DESC'],
      ['r.given_name', 'DESC'],
      ['r.id', 'DESC'],
    ]);
    expect(orderOf('created', 'r')).toEqual([
      ['r.created_at', 'ASC'],
      ['r.id', 'ASC'],
    ]);
  });

  it('takes wildcards in a search literally', () => {
    expect(containing('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('numbers the parameters of the filters from $1, the event first, and passes none of the values as SQL', () => {
    const { page, count } = listStatements(
      'e1',
      { status: 'confirmed', category: "x' OR 1=1", checkedIn: false, q: 'Amina', sort: 'status' },
      { offset: 40, limit: 20 },
    );
    expect(page[1]).toEqual(['e1', 'confirmed', "x' OR 1=1", '%Amina%']);
    expect(page[0]).not.toContain('OR 1=1');
    expect(page[0]).toContain('r.checked_in_at IS NULL');
    expect(page[0]).toMatch(/^WITH matched AS MATERIALIZED .* ORDER BY r\.status ASC, r\.id ASC LIMIT 20 OFFSET 40$/);
    expect(count[0]).toMatch(/^SELECT count\(\*\)::int AS total FROM registration r WHERE r\.event_id = \$1 AND r\.status = \$2/);
  });

  it('writes a cell the same way in both exports but for dates', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');
    expect(exportCell(date, { datesAsText: true })).toBe('2026-01-02T03:04:05.000Z');
    expect(exportCell(date, { datesAsText: false })).toBe(date);
    expect(exportCell(true, { datesAsText: false })).toBe('yes');
    expect(exportCell('=1+1', { datesAsText: false })).toBe("'=1+1");
    expect(exportCell({ a: 1 }, { datesAsText: true })).toBe('{"a":1}');
    expect(exportCell(null, { datesAsText: true })).toBeNull();
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('heads question columns by label, a repeated one with its key, and leaves out answers to removed questions', () => {
    const questions = [
      { key: 'diet', label: 'Needs', type: 'text' as const, required: false },
      { key: 'access', label: 'Needs', type: 'text' as const, required: false },
    ];
    expect(exportHeader(questions).slice(-2)).toEqual(['Needs', 'Needs (access)']);
    const record = exportRecord({ id: 'r1', answers: { diet: 'vegan', removed: 'x' } }, questions);
    expect(record.slice(-2)).toEqual(['vegan', null]);
  });
});
