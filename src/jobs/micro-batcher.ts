/**
 * Gathers items handed in one at a time (e.g. by concurrent BullMQ job handlers) into batches: a batch is run
 * when `maxSize` items are waiting or `maxWaitMs` after the first of them arrived, whichever comes first. Each
 * caller's promise settles with its own item's outcome: `run` returns one result or Error per item, in order,
 * or throws, which fails every item of the batch.
 *
 * At most `maxConcurrent` batches run at once (default: no limit). A batch that is due while that many are
 * running waits for one of them to finish, and meanwhile takes in more items (up to `maxSize`): under load the
 * batches grow by themselves, so the fixed cost of a batch (a transaction, its commit) is paid less often
 * exactly when there is more to do, instead of more transactions competing for the same CPU and locks.
 */
export interface MicroBatchOptions {
  maxSize: number;
  maxWaitMs: number;
  maxConcurrent?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class MicroBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The waiting items are due (their wait is over, or there are maxSize of them) but too many batches run. */
  private due = false;
  private running = 0;
  private readonly maxConcurrent: number;

  constructor(
    private readonly run: (items: I[]) => Promise<(O | Error)[]>,
    private readonly options: MicroBatchOptions,
  ) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? Infinity);
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.flush();
      else if (!this.timer && !this.due) this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.waiting.length) {
      this.due = false;
      return;
    }
    if (this.running >= this.maxConcurrent) {
      this.due = true; // started as soon as a running batch finishes
      return;
    }
    this.due = false;
    const batch = this.waiting.splice(0, this.options.maxSize);
    this.running++;
    let results: Promise<(O | Error)[]>;
    try {
      results = this.run(batch.map((w) => w.item));
    } catch (err) {
      results = Promise.reject(err);
    }
    results
      .then(
        (outcomes) => {
          batch.forEach((w, i) => {
            const outcome = outcomes[i];
            if (outcome instanceof Error) w.reject(outcome);
            else w.resolve(outcome);
          });
        },
        (err) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.running--;
        this.scheduleWaiting();
      });
    // More than maxSize were waiting (they gathered while batches ran): the rest are due too.
    this.scheduleWaiting();
  }

  /** What is still waiting runs now if it is due (a full batch, or held back by maxConcurrent), else after its wait. */
  private scheduleWaiting(): void {
    if (this.due || this.waiting.length >= this.options.maxSize) this.flush();
    else if (this.waiting.length && !this.timer) this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
  }
}
