import { CoalescingWriter } from './coalescing-writer';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('CoalescingWriter', () => {
  it('writes items that arrive close together in one call, in order, and the rest on flush', async () => {
    const writes: number[][] = [];
    const writer = new CoalescingWriter<number>(async (items) => void writes.push(items), 20);
    writer.add(1);
    writer.add(2);
    await sleep(5);
    writer.add(3);
    await sleep(40);
    writer.add(4);
    await writer.flush();
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it('never runs two writes at once', async () => {
    let running = 0;
    let most = 0;
    const writer = new CoalescingWriter<number>(async () => {
      running++;
      most = Math.max(most, running);
      await sleep(15);
      running--;
    }, 1);
    for (let i = 0; i < 20; i++) {
      writer.add(i);
      await sleep(3);
    }
    await writer.flush();
    expect(most).toBe(1);
  });

  it('reports a failed write on flush instead of crashing the process', async () => {
    const writer = new CoalescingWriter<number>(async () => {
      throw new Error('database unavailable');
    }, 1);
    writer.add(1);
    await sleep(10);
    await expect(writer.flush()).rejects.toThrow('database unavailable');
  });

  it('does nothing when there is nothing to write', async () => {
    const write = jest.fn(async () => undefined);
    await new CoalescingWriter<number>(write, 1).flush();
    expect(write).not.toHaveBeenCalled();
  });
});
