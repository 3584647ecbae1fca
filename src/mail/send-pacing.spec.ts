import { RequestsInFlight } from '../common/requests-in-flight';
import { LOOK_EVERY_MS, QUIET_MS, waitForTurn } from './send-pacing';

/** A clock that only moves when the code under test sleeps, so no test depends on real time. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    slept,
  };
}

describe('waitForTurn: when a batch of mail may be sent', () => {
  it('goes at once when no request has been in flight for a while', async () => {
    const clock = fakeClock();
    await waitForTurn({ quietFor: () => true }, clock.now(), 10_000, clock.sleep, clock.now);
    expect(clock.slept).toEqual([]);
  });

  it('waits while requests are in flight, and goes as soon as the API is quiet', async () => {
    const clock = fakeClock();
    const busyUntil = clock.now() + 500;
    const requests = { quietFor: (ms: number, now: number) => now >= busyUntil + ms };
    await waitForTurn(requests, clock.now(), 10_000, clock.sleep, clock.now);
    const waited = clock.slept.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(500 + QUIET_MS);
    expect(waited).toBeLessThan(500 + QUIET_MS + 2 * LOOK_EVERY_MS);
  });

  it('under requests that never stop, waits until the oldest mail has waited the bound since it was queued', async () => {
    const clock = fakeClock();
    const queuedAt = clock.now() - 3_000;
    await waitForTurn({ quietFor: () => false }, queuedAt, 10_000, clock.sleep, clock.now);
    expect(clock.now()).toBeGreaterThanOrEqual(queuedAt + 10_000);
    expect(clock.now()).toBeLessThan(queuedAt + 10_000 + LOOK_EVERY_MS);
  });

  it('does not wait for mail queued longer ago than the bound', async () => {
    const clock = fakeClock();
    await waitForTurn({ quietFor: () => false }, clock.now() - 60_000, 10_000, clock.sleep, clock.now);
    expect(clock.slept).toEqual([]);
  });

  it('never waits longer than the bound from now, even for mail the database clock puts in the future', async () => {
    const clock = fakeClock();
    const start = clock.now();
    await waitForTurn({ quietFor: () => false }, start + 3_600_000, 10_000, clock.sleep, clock.now);
    expect(clock.now() - start).toBeLessThan(10_000 + LOOK_EVERY_MS);
  });
});

describe('RequestsInFlight', () => {
  it('is quiet only with no request in flight and none started or ended within the given time', () => {
    const requests = new RequestsInFlight();
    expect(requests.quietFor(QUIET_MS)).toBe(true);
    requests.started();
    requests.started();
    expect(requests.inFlight).toBe(2);
    expect(requests.quietFor(QUIET_MS, Date.now() + 60_000)).toBe(false);
    requests.ended();
    requests.ended();
    expect(requests.inFlight).toBe(0);
    expect(requests.quietFor(QUIET_MS, Date.now())).toBe(false);
    expect(requests.quietFor(QUIET_MS, Date.now() + QUIET_MS + 1)).toBe(true);
  });
});
