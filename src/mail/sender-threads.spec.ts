import { connectionsPerThread } from './sender-threads';

describe('connectionsPerThread', () => {
  it('shares the pool out evenly, the first threads taking the remainder', () => {
    expect(connectionsPerThread(8, 2)).toEqual([4, 4]);
    expect(connectionsPerThread(5, 2)).toEqual([3, 2]);
    expect(connectionsPerThread(7, 3)).toEqual([3, 2, 2]);
  });

  it('never opens more connections than the pool, nor a thread without one', () => {
    expect(connectionsPerThread(1, 2)).toEqual([1]);
    expect(connectionsPerThread(3, 16)).toEqual([1, 1, 1]);
    for (let pool = 1; pool <= 20; pool++) {
      for (let threads = 1; threads <= 16; threads++) {
        const shares = connectionsPerThread(pool, threads);
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(pool);
        expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
