/** One call waiting for its batch. */
interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

interface Group<S, T, R> {
  shared: S;
  waiting: Waiting<T, R>[];
  running: number;
  flushScheduled: boolean;
}

export interface BatchLimits {
  /** Batches of one group running at once; calls arriving meanwhile wait and go together in the next one. */
  running: number;
  /** The most calls in one batch. */
  size: number;
}

/**
 * Gathers calls into batches, so that one statement (one round trip, one commit) serves many of them.
 * Calls are grouped by a key, and a group's calls share `shared`. A lone call goes out at once (on the
 * next turn of the event loop); under load, calls that arrive while `limits.running` batches of their
 * group are under way wait for one to finish, and then go out together. So a batch is as large as the
 * load makes it, and no call waits on a timer.
 *
 * `run(shared, items)` answers one result per item, in order. When a batch of several fails, each of
 * its items is run again alone, so an error is only ever its own item's (the statement must be atomic:
 * a failed batch leaves nothing behind).
 */
export class StatementBatches<S, T, R> {
  private readonly groups = new Map<string, Group<S, T, R>>();

  constructor(
    private readonly run: (shared: S, items: T[]) => Promise<R[]>,
    private readonly limits: BatchLimits,
  ) {}

  submit(key: string, shared: S, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let group = this.groups.get(key);
      if (!group) {
        group = { shared, waiting: [], running: 0, flushScheduled: false };
        this.groups.set(key, group);
      }
      group.waiting.push({ item, resolve, reject });
      if (group.running < this.limits.running && !group.flushScheduled) {
        group.flushScheduled = true;
        setImmediate(() => this.flush(key, group));
      }
    });
  }

  private flush(key: string, group: Group<S, T, R>): void {
    group.flushScheduled = false;
    while (group.running < this.limits.running && group.waiting.length > 0) {
      const batch = group.waiting.splice(0, this.limits.size);
      group.running += 1;
      void this.settle(group.shared, batch).finally(() => {
        group.running -= 1;
        if (group.waiting.length > 0) this.flush(key, group);
        else if (group.running === 0 && this.groups.get(key) === group) this.groups.delete(key);
      });
    }
  }

  private async settle(shared: S, batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.run(
        shared,
        batch.map((waiting) => waiting.item),
      );
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(batch.map((waiting) => this.settle(shared, [waiting])));
    }
  }
}
