import { StatementBatches } from './statement-batches';

/** A run function that records its batches and finishes each one when told to. */
function controlledRun() {
  const batches: { shared: string; items: number[]; finish(): void }[] = [];
  const run = (shared: string, items: number[]) =>
    new Promise<string[]>((resolve) => {
      batches.push({
        shared,
        items,
        finish: () => resolve(items.map((item) => `${shared}:${item}`)),
      });
    });
  return { batches, run };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementBatches', () => {
  it('runs a lone call at once, as a batch of one', async () => {
    const { batches, run } = controlledRun();
    const statements = new StatementBatches(run, { running: 2, size: 10 });
    const result = statements.submit('event-a', 'a', 1);
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0].finish();
    await expect(result).resolves.toBe('a:1');
  });

  it('sends the calls that arrive while its batches run together, in order of arrival, when one finishes', async () => {
    const { batches, run } = controlledRun();
    const statements = new StatementBatches(run, { running: 1, size: 10 });
    const first = statements.submit('event-a', 'a', 1);
    await turn();
    const later = [2, 3, 4].map((item) => statements.submit('event-a', 'a', item));
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0].finish();
    await first;
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    await expect(Promise.all(later)).resolves.toEqual(['a:2', 'a:3', 'a:4']);
  });

  it('never puts calls of different groups in one batch, and gives each group its own shared value', async () => {
    const { batches, run } = controlledRun();
    const statements = new StatementBatches(run, { running: 1, size: 10 });
    const results = [statements.submit('event-a', 'a', 1), statements.submit('event-b', 'b', 2), statements.submit('event-a', 'a', 3)];
    await turn();
    expect(batches.map((batch) => [batch.shared, batch.items])).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    batches.forEach((batch) => batch.finish());
    await expect(Promise.all(results)).resolves.toEqual(['a:1', 'b:2', 'a:3']);
  });

  it('keeps batches within the size limit and the number running within its limit', async () => {
    const { batches, run } = controlledRun();
    const statements = new StatementBatches(run, { running: 2, size: 3 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => statements.submit('event-a', 'a', item));
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    batches[0].finish();
    await turn();
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    batches.slice(1).forEach((batch) => batch.finish());
    await expect(Promise.all(results)).resolves.toHaveLength(7);
  });

  it('runs each call of a failed batch alone, so only the call that fails gets the error', async () => {
    const run = jest.fn(async (shared: string, items: number[]) => {
      if (items.includes(2)) throw new Error(`item 2 is refused (batch ${items.join(',')})`);
      return items.map((item) => `${shared}:${item}`);
    });
    const statements = new StatementBatches(run, { running: 1, size: 10 });
    const results = await Promise.allSettled([1, 2, 3].map((item) => statements.submit('event-a', 'a', item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'a:1' },
      { status: 'rejected', reason: new Error('item 2 is refused (batch 2)') },
      { status: 'fulfilled', value: 'a:3' },
    ]);
    expect(run.mock.calls.map(([, items]) => items)).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
