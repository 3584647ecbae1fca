import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * How many HTTP requests this instance is answering right now, and since when the count last changed:
 * the cheap in-process signal that lets background work (mail sending) yield to people waiting for an
 * answer. Counted on the Node server itself, so every request counts, whichever route or hook answers
 * it, and one the client gave up on stops counting when its connection closes.
 */
export class RequestsInFlight {
  private count = 0;
  private changedAt = 0;

  /** Counts the requests of `server` from now on. */
  track(server: Server): void {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.started();
      response.once('close', () => this.ended());
    });
  }

  started(): void {
    this.count += 1;
    this.changedAt = Date.now();
  }

  ended(): void {
    this.count -= 1;
    this.changedAt = Date.now();
  }

  get inFlight(): number {
    return this.count;
  }

  /** No request in flight, and none started or ended in the last `ms` milliseconds. */
  quietFor(ms: number, now = Date.now()): boolean {
    return this.count === 0 && now - this.changedAt >= ms;
  }
}
