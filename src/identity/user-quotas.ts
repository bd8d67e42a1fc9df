/**
 * Per-user operation quotas counted in the process and synchronised with a shared store (Redis) in batches,
 * so an operation does not wait for a round trip to Redis.
 *
 * Each user has a window (a minute from their first operation, as the shared count's expiry says). The process
 * admits an operation while what it knows of the user's count (the shared count at its last synchronisation,
 * plus what it has admitted since) stays within the limit, and sends what it admitted to the store every
 * `syncMs`, or at once when a user's unsent operations reach `batch`; an operation that would take a user's
 * unsent count past `batch` waits for that synchronisation first. So each of N processes admits at most `batch`
 * operations of a user beyond what the others have told the store: across N processes a user gets at most
 * `limit + N * batch` operations in a window (one process: exactly `limit`). With `batch` 1 every operation
 * is synchronised before it is admitted, as a counter in Redis alone would be.
 *
 * When the store cannot be reached, counting goes on in the process alone (each process then admits up to
 * `limit`); requests are never held up by an outage.
 */
export interface QuotaStore {
  /** Adds each weight to its key's count (starting a window of `windowMs` for a new key); returns counts and ms left. */
  add(entries: readonly { key: string; weight: number }[], windowMs: number): Promise<{ count: number; ttlMs: number }[]>;
}

interface Bucket {
  /** When the user's window ends (ms since the epoch). */
  endsAt: number;
  /** The count in the store at the last synchronisation (every process's operations). */
  shared: number;
  /** Admitted here and being sent to the store. */
  sending: number;
  /** Admitted here, not sent yet. */
  pending: number;
}

export interface UserQuotaOptions {
  limit: number;
  windowMs: number;
  /** Unsent operations of one user that make the process synchronise before admitting more. */
  batch: number;
  /** How often unsent operations are sent at the latest. */
  syncMs: number;
  now?: () => number;
}

/** The batch for a limit: 2% of it (at least 1), so N processes overshoot a user's limit by at most N * 2%. */
export const quotaBatch = (limit: number): number => Math.max(1, Math.floor(limit / 50));

export class UserQuotas {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly store: QuotaStore,
    private readonly options: UserQuotaOptions,
    private readonly onStoreError: (err: unknown) => void = () => undefined,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Counts `weight` operations of `key`. Returns null when admitted, or the milliseconds left of the user's
   * window when they would exceed the limit (and are not counted).
   */
  async consume(key: string, weight: number): Promise<number | null> {
    for (;;) {
      const decided = this.consumeNow(key, weight);
      if (decided !== undefined) return decided;
      await this.flush();
    }
  }

  /**
   * consume() when this process can decide without waiting: null when admitted, the milliseconds left when
   * refused, or undefined (nothing counted) when it must first synchronise with the store: call consume().
   */
  consumeNow(key: string, weight: number): number | null | undefined {
    const bucket = this.bucket(key);
    // Beyond the batch, this process first tells the store what it admitted (and learns what others did).
    if (bucket.sending + bucket.pending > 0 && bucket.sending + bucket.pending + weight > this.options.batch) return undefined;
    const now = this.now();
    if (bucket.shared + bucket.sending + bucket.pending + weight > this.options.limit) return Math.max(0, bucket.endsAt - now);
    bucket.pending += weight;
    if (bucket.pending >= this.options.batch) void this.flush();
    else this.schedule();
    return null;
  }

  /** The user's bucket, a new one when their window has ended. */
  private bucket(key: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b || (b.endsAt <= now && b.sending === 0)) {
      // Operations admitted but not sent yet are still sent (the store counts them in its window).
      b = { endsAt: now + this.options.windowMs, shared: 0, sending: 0, pending: b?.pending ?? 0 };
      this.buckets.set(key, b);
    }
    return b;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.syncMs);
    this.timer.unref();
  }

  /** Sends every unsent count in one call to the store (after the one in flight, if any). */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight.then(() => this.flush());
    const batch: { key: string; bucket: Bucket; weight: number }[] = [];
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.pending > 0) {
        batch.push({ key, bucket, weight: bucket.pending });
        bucket.sending = bucket.pending;
        bucket.pending = 0;
      } else if (bucket.endsAt <= now && bucket.sending === 0) {
        this.buckets.delete(key); // a window over and nothing to send: forget the user
      }
    }
    if (!batch.length) return Promise.resolve();
    this.inFlight = this.store.add(batch.map((b) => ({ key: b.key, weight: b.weight })), this.options.windowMs).then(
      (counts) => {
        const at = this.now();
        batch.forEach(({ bucket }, i) => {
          bucket.shared = counts[i].count;
          bucket.sending = 0;
          if (counts[i].ttlMs > 0) bucket.endsAt = at + counts[i].ttlMs;
        });
      },
      (err: unknown) => {
        // Counted here alone until the store answers again.
        for (const { bucket, weight } of batch) {
          bucket.shared += weight;
          bucket.sending = 0;
        }
        this.onStoreError(err);
      },
    ).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Sends what is unsent and stops the timer (at shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
