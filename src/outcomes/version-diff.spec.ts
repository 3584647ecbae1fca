import { lineDiff } from './version-diff';

describe('lineDiff', () => {
  it('gives runs of added, removed and unchanged lines with counts', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual({
      changes: [
        { type: 'unchanged', lines: ['a'] },
        { type: 'removed', lines: ['b'] },
        { type: 'added', lines: ['B'] },
        { type: 'unchanged', lines: ['c'] },
        { type: 'added', lines: ['d'] },
      ],
      stats: { added: 2, removed: 1, unchanged: 2 },
    });
  });

  it('does not count a missing final newline as a change, and keeps blank lines', () => {
    expect(lineDiff('a\n\nb', 'a\n\nb\n')).toEqual({
      changes: [{ type: 'unchanged', lines: ['a', '', 'b'] }],
      stats: { added: 0, removed: 0, unchanged: 3 },
    });
  });

  it('diffs identical versions to one unchanged run', () => {
    expect(lineDiff('x\r\ny\r\n', 'x\r\ny\r\n')?.changes).toEqual([{ type: 'unchanged', lines: ['x', 'y'] }]);
  });
});
