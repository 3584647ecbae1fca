interface Entry<T> {
  item: T;
  written: () => void;
  failed: (error: unknown) => void;
}

/**
 * Writes items in groups as they come, from any number of callers: the first item starts a short
 * wait, then everything added meanwhile is written with one call. Writes never overlap and keep
 * their order. `add` resolves once its item is written, or rejects with the error of its write.
 */
export class CoalescingWriter<T> {
  private pending: Entry<T>[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly waitMs: number,
  ) {}

  add(item: T): Promise<void> {
    const done = new Promise<void>((written, failed) => this.pending.push({ item, written, failed }));
    done.catch(() => undefined); // the caller may await it later: not an unhandled rejection meanwhile
    if (!this.scheduled) {
      this.scheduled = true;
      this.chain = this.chain.then(() => new Promise<void>((wait) => setTimeout(wait, this.waitMs))).then(() => this.drain());
    }
    return done;
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    const entries = this.pending;
    this.pending = [];
    try {
      await this.write(entries.map((entry) => entry.item));
      for (const entry of entries) entry.written();
    } catch (error) {
      for (const entry of entries) entry.failed(error);
    }
  }
}
