/**
 * Gathers items handed in one at a time (e.g. by concurrent BullMQ job handlers) into batches: a batch is run
 * when `maxSize` items are waiting or `maxWaitMs` after the first of them arrived, whichever comes first. Each
 * caller's promise settles with its own item's outcome: `run` returns one result or Error per item, in order,
 * or throws, which fails every item of the batch. Batches run concurrently with each other.
 */
export interface MicroBatchOptions {
  maxSize: number;
  maxWaitMs: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class MicroBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (items: I[]) => Promise<(O | Error)[]>,
    private readonly options: MicroBatchOptions,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (!batch.length) return;
    let results: Promise<(O | Error)[]>;
    try {
      results = this.run(batch.map((w) => w.item));
    } catch (err) {
      results = Promise.reject(err);
    }
    results.then(
      (outcomes) => {
        batch.forEach((w, i) => {
          const outcome = outcomes[i];
          if (outcome instanceof Error) w.reject(outcome);
          else w.resolve(outcome);
        });
      },
      (err) => batch.forEach((w) => w.reject(err)),
    );
  }
}
