import { applyRowAction, blankRow, commitmentsBody, diffLines, postedRows, rowAction, rowErrors, splitLeads } from './outcome-form';

const row = (fields: Partial<ReturnType<typeof blankRow>>) => ({ ...blankRow(), ...fields });

describe('the commitments editor’s rows', () => {
  it('reads the repeated inputs of each row, in order', () => {
    expect(
      postedRows({
        id: ['a', ''],
        theme: [' cooperation ', ''],
        text: ['Network', ''],
        leads: ['UNODC', ''],
        status: ['endorsed', 'proposed'],
        followsUpId: ['', ''],
      }),
    ).toEqual([
      { id: 'a', theme: 'cooperation', text: 'Network', leads: 'UNODC', status: 'endorsed', followsUpId: '' },
      { id: '', theme: '', text: '', leads: '', status: 'proposed', followsUpId: '' },
    ]);
    expect(postedRows({ theme: 'one', text: 'only' })).toEqual([row({ theme: 'one', text: 'only', status: '' })]);
  });

  it('splits leads at commas and lines, dropping blanks', () => {
    expect(splitLeads('UNODC, IOM\n\nGovernment of Pakistan,')).toEqual(['UNODC', 'IOM', 'Government of Pakistan']);
    expect(splitLeads('')).toEqual([]);
  });

  it('leaves out empty new rows and remembers which row each commitment came from', () => {
    const { body, rowOf } = commitmentsBody([
      row({ theme: 'a', text: 'A' }),
      row({}),
      row({ id: 'x', theme: '', text: '' }),
      row({ theme: 'c', text: '', followsUpId: 'f' }),
    ]);
    expect(body.commitments).toEqual([
      { theme: 'a', text: 'A', leads: [], status: 'proposed', followsUpId: null },
      { id: 'x', theme: '', text: '', leads: [], status: 'proposed', followsUpId: null },
      { theme: 'c', text: '', leads: [], status: 'proposed', followsUpId: 'f' },
    ]);
    expect(rowOf).toEqual([0, 2, 3]);
    expect(
      rowErrors(
        [
          { field: 'commitments.2.text', message: 'text should not be empty' },
          { field: 'commitments.1.leads.0', message: 'too long' },
          { field: 'commitments', message: 'at most 200' },
        ],
        rowOf,
      ),
    ).toEqual({ '3': { text: 'text should not be empty' }, '2': { leads: 'too long' }, _: { commitments: 'at most 200' } });
  });

  it('moves a row up or down and removes one; a move past either end changes nothing', () => {
    const rows = [row({ id: 'a' }), row({ id: 'b' }), row({ id: 'c' })];
    const ids = (list: typeof rows) => list.map((item) => item.id);
    expect(ids(applyRowAction(rows, rowAction({ move: '1:up' })))).toEqual(['b', 'a', 'c']);
    expect(ids(applyRowAction(rows, rowAction({ move: '1:down' })))).toEqual(['a', 'c', 'b']);
    expect(ids(applyRowAction(rows, rowAction({ move: '0:up' })))).toEqual(['a', 'b', 'c']);
    expect(ids(applyRowAction(rows, rowAction({ move: '2:down' })))).toEqual(['a', 'b', 'c']);
    expect(ids(applyRowAction(rows, rowAction({ remove: '0' })))).toEqual(['b', 'c']);
    expect(ids(applyRowAction(rows, rowAction({ remove: '9' })))).toEqual(['a', 'b', 'c']);
    expect(rowAction({ move: 'x:up' })).toBeNull();
    expect(rowAction({})).toBeNull();
  });
});

describe('diffLines', () => {
  it('marks each line with a sign to see and words to hear', () => {
    expect(
      diffLines([
        { type: 'unchanged', lines: ['# Title'] },
        { type: 'removed', lines: ['old'] },
        { type: 'added', lines: ['new', ''] },
      ]),
    ).toEqual([
      { type: 'unchanged', sign: '', said: '', text: '# Title' },
      { type: 'removed', sign: '−', said: 'Removed: ', text: 'old' },
      { type: 'added', sign: '+', said: 'Added: ', text: 'new' },
      { type: 'added', sign: '+', said: 'Added: ', text: '' },
    ]);
  });
});
