import { Logger, SetMetadata } from '@nestjs/common';
import { jobDuration } from '../common/metrics';
import { TIMER_SETS, TimerSetName } from './job-registry';
import type { TimerSet } from './timer-set';

export const TIMER_SET_HANDLER = Symbol('TIMER_SET_HANDLER');

/** Marks a provider as the handler of one timer set (TIMER_SETS): the sweeper hands it the members that fell due. */
export const TimerSetHandler = (name: TimerSetName): ClassDecorator => SetMetadata(TIMER_SET_HANDLER, name);

export interface TimerSetProcessor {
  /**
   * Acts on members that fell due, in one unit of work, and says which are not done: each with the time it is
   * due now (fired early, or a later deadline of the same member). Idempotent: a member can come twice, or after
   * its state moved on. Throws when nothing was done (the sweeper tries the members again, alone).
   */
  handleDue(members: string[]): Promise<Map<string, Date>>;
  /** The set's batch size and polling, when not the defaults. */
  sweeperOptions?(): Partial<SweeperOptions>;
}

/** Pairs every timer set with exactly one handler; throws, naming the set, when one has none or two. */
export function pairTimerSetHandlers(candidates: { instance: unknown; type: Function | undefined }[]): Map<TimerSetName, TimerSetProcessor> {
  const found = new Map<TimerSetName, { instance: TimerSetProcessor; type: Function }[]>();
  const problems: string[] = [];
  for (const c of candidates) {
    if (!c.type || !c.instance) continue;
    const name = Reflect.getMetadata(TIMER_SET_HANDLER, c.type) as TimerSetName | undefined;
    if (!name) continue;
    if (!(name in TIMER_SETS)) {
      problems.push(`timer set handler ${c.type.name} is for unknown timer set "${name}"`);
      continue;
    }
    found.set(name, [...(found.get(name) ?? []), { instance: c.instance as TimerSetProcessor, type: c.type }]);
  }
  const result = new Map<TimerSetName, TimerSetProcessor>();
  for (const name of Object.keys(TIMER_SETS) as TimerSetName[]) {
    const list = found.get(name) ?? [];
    if (list.length === 0) problems.push(`timer set "${name}" has no handler (@TimerSetHandler)`);
    else if (list.length > 1) problems.push(`timer set "${name}" has ${list.length} handlers: ${list.map((h) => h.type.name).join(', ')}`);
    else result.set(name, list[0].instance);
  }
  if (problems.length) throw new Error(`Worker cannot start: ${problems.join('; ')}`);
  return result;
}

export interface SweeperOptions {
  /** Most members handed to the handler at once. */
  batchSize: number;
  /** Handler calls running at once in this process; what falls due meanwhile goes in the next batch. */
  concurrency: number;
  /** How often the set is looked at while nothing is due (the lateness this adds is up to this). */
  pollMs: number;
  /** How long a claim holds: a member claimed by a process that died is taken again after this. */
  leaseMs: number;
  /** First delay before a member whose batch failed is tried again, alone (doubling, at most a minute). */
  retryMs: number;
}

const MAX_RETRY_MS = 60_000;

/**
 * Takes a timer set's due members and runs its handler on them, in batches, in the worker process: one Lua call
 * claims a batch (members move to the claimed set with a lease), the handler acts, one Lua call ends the claims
 * and puts back the members not done. A process that dies leaves its claims to lapse: another sweeper takes them
 * after `leaseMs`. A batch that fails has its members tried again after `retryMs`, each alone (a member whose
 * batch failed is a suspect until it succeeds alone), so one bad member does not hold back the others.
 */
export class TimerSetSweeper {
  private readonly logger: Logger;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly running = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  /** Members whose batch failed: attempts so far. Each is run alone until it succeeds. */
  private readonly suspects = new Map<string, number>();
  private lastClaimError = 0;

  constructor(
    private readonly set: TimerSet,
    private readonly handler: TimerSetProcessor,
    private readonly options: SweeperOptions,
  ) {
    this.logger = new Logger(`TimerSetSweeper:${set.name}`);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops claiming and waits for the batches running (their members would otherwise wait for their lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.all([...this.running]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.running.size < this.options.concurrency) {
        const leaseUntil = Date.now() + this.options.leaseMs;
        let claimed: string[] = [];
        try {
          const { members, lapsed } = await this.set.claim(Date.now(), this.options.batchSize, leaseUntil);
          claimed = members;
          if (lapsed) this.logger.warn({ set: this.set.name, timers: lapsed }, 'timer claims lapsed (their worker stopped); taken back');
        } catch (err) {
          // Redis down or restarting: logged once a minute, tried again at the next poll.
          if (Date.now() - this.lastClaimError > 60_000) this.logger.warn({ set: this.set.name, err: (err as Error).message }, 'timer set unreachable; trying again');
          this.lastClaimError = Date.now();
          await this.pause(Math.max(this.options.pollMs, 1000));
          continue;
        }
        if (claimed.length) {
          const batch = this.batch(claimed, leaseUntil).finally(() => {
            this.running.delete(batch);
            this.wake?.();
          });
          this.running.add(batch);
          if (claimed.length === this.options.batchSize) continue; // more may be due
        }
      }
      await this.pause(this.options.pollMs);
    }
  }

  /** Waits `ms`, or until a batch ends or the sweeper stops. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async batch(members: string[], leaseUntil: number): Promise<void> {
    const alone = members.filter((m) => this.suspects.has(m));
    const together = members.filter((m) => !this.suspects.has(m));
    const later = new Map<string, Date>();
    if (together.length) await this.attempt(together, later);
    for (const m of alone) await this.attempt([m], later);
    await this.set.settle(members, leaseUntil, later).catch((err) => {
      // Their claims lapse and another pass takes them again; the handler finds them done.
      this.logger.warn({ set: this.set.name, members: members.length, err: (err as Error).message }, 'timer claims not ended');
    });
  }

  /** Runs the handler on `members`; on failure puts them in `later` at their retry time, as suspects. */
  private async attempt(members: string[], later: Map<string, Date>): Promise<void> {
    const end = jobDuration.startTimer({ queue: 'timers', job: this.set.name });
    try {
      const notDone = await this.handler.handleDue(members);
      end({ outcome: 'completed' });
      for (const m of members) this.suspects.delete(m);
      for (const [m, at] of notDone) later.set(m, at);
    } catch (err) {
      end({ outcome: 'failed' });
      this.logger.warn({ set: this.set.name, members: members.length, err: (err as Error).message }, 'timers failed; tried again alone');
      if (this.suspects.size > 10_000) this.suspects.clear(); // members another worker finished stay here otherwise
      for (const m of members) {
        const attempts = (this.suspects.get(m) ?? 0) + 1;
        this.suspects.set(m, attempts);
        later.set(m, new Date(Date.now() + Math.min(MAX_RETRY_MS, this.options.retryMs * 2 ** (attempts - 1))));
      }
    }
  }
}
