import type { RequestsInFlight } from '../common/requests-in-flight';

/** The API counts as quiet once no request has been in flight for this long. */
export const QUIET_MS = 20;
/** How often a waiting batch looks again. */
export const LOOK_EVERY_MS = 10;

/**
 * When a batch of mail may be sent: at once when the API is quiet; while people wait for answers, not
 * before the API goes quiet or the batch's oldest mail has waited `yieldMs` since it was queued, so a
 * rush of registrations is answered first and its confirmations follow within that bound. Under a rush
 * that lasts longer than `yieldMs`, mail is sent as fast as without yielding, `yieldMs` behind.
 * (No Nest imports here: unit tests load this file.)
 */
export async function waitForTurn(
  requests: Pick<RequestsInFlight, 'quietFor'>,
  oldestQueuedAt: number,
  yieldMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((done) => setTimeout(done, ms)),
  now: () => number = Date.now,
): Promise<void> {
  // The bound counts from the mail's queueing (database time), but never lies further ahead than yieldMs from now.
  const until = Math.min(oldestQueuedAt + yieldMs, now() + yieldMs);
  while (now() < until && !requests.quietFor(QUIET_MS, now())) await sleep(LOOK_EVERY_MS);
}
