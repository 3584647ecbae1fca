/**
 * Writes items in groups as they come: the first item starts a short wait, then everything added
 * meanwhile is written with one call. Writes never overlap and keep their order. A failed write is
 * reported by `flush`, never as an unhandled rejection.
 */
export class CoalescingWriter<T> {
  private pending: T[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private failure: unknown = null;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly waitMs: number,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.enqueue(() => new Promise<void>((done) => setTimeout(done, this.waitMs)).then(() => this.drain()));
  }

  /** Writes whatever is left and waits for every write; throws the first write error. */
  async flush(): Promise<void> {
    this.enqueue(() => this.drain());
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    const items = this.pending;
    this.pending = [];
    if (items.length > 0) await this.write(items);
  }
}
