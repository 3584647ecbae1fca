import { CoalescingWriter } from './coalescing-writer';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('CoalescingWriter', () => {
  it('writes items that arrive close together in one call, in order, and tells each caller when its item is written', async () => {
    const writes: number[][] = [];
    const writer = new CoalescingWriter<number>(async (items) => void writes.push(items), 20);
    const first = [writer.add(1), writer.add(2)];
    await sleep(5);
    first.push(writer.add(3));
    await Promise.all(first);
    expect(writes).toEqual([[1, 2, 3]]);
    await writer.add(4);
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it('serves several callers with one write, and never runs two writes at once', async () => {
    let running = 0;
    let most = 0;
    const writes: number[][] = [];
    const writer = new CoalescingWriter<number>(async (items) => {
      running++;
      most = Math.max(most, running);
      await sleep(15);
      writes.push(items);
      running--;
    }, 1);
    const callers = [0, 1, 2].map(async (caller) => {
      for (let i = 0; i < 5; i++) {
        await writer.add(caller * 10 + i);
      }
    });
    await Promise.all(callers);
    expect(most).toBe(1);
    expect(writes.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24]);
    expect(writes.length).toBeLessThan(15);
  });

  it('rejects only the items of a failed write, without an unhandled rejection, and carries on', async () => {
    let fail = true;
    const writer = new CoalescingWriter<number>(async () => {
      if (fail) throw new Error('database unavailable');
    }, 1);
    const lost = writer.add(1);
    await sleep(10);
    await expect(lost).rejects.toThrow('database unavailable');
    fail = false;
    await expect(writer.add(2)).resolves.toBeUndefined();
  });
});
