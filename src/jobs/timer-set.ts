import type { Redis } from 'ioredis';
import type { TimerSetName } from './job-registry';

/**
 * Takes up to ARGV[2] members due by ARGV[1] (ms): first those whose claim lapsed (their worker died or stalled
 * past its lease), then the due ones, moved from the set to the claimed set with the lease ARGV[3] as score.
 * Returns how many had lapsed, then the members.
 */
const CLAIM = `
local out = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local lapsed = #out
local n = tonumber(ARGV[2]) - #out
if n > 0 then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, n)
  if #due > 0 then
    redis.call('ZREM', KEYS[1], unpack(due))
    for _, m in ipairs(due) do out[#out + 1] = m end
  end
end
if #out > 0 then
  local args = {}
  for _, m in ipairs(out) do
    args[#args + 1] = ARGV[3]
    args[#args + 1] = m
  end
  redis.call('ZADD', KEYS[2], unpack(args))
end
table.insert(out, 1, tostring(lapsed))
return out
`;

/**
 * Ends claims taken with the lease ARGV[1] (a claim another worker took over meanwhile is left alone), and puts
 * members back in the set: ARGV[2..] are pairs of member and due time (ms; empty: done). A member already back
 * in the set (re-added meanwhile) keeps the earlier of the two times.
 */
const SETTLE = `
for i = 2, #ARGV, 2 do
  local m = ARGV[i]
  if redis.call('ZSCORE', KEYS[2], m) == ARGV[1] then redis.call('ZREM', KEYS[2], m) end
  if ARGV[i + 1] ~= '' then redis.call('ZADD', KEYS[1], 'LT', ARGV[i + 1], m) end
end
return 0
`;

type TimerSetRedis = Redis & {
  timerSetClaim(due: string, claimed: string, now: number, limit: number, lease: number): Promise<string[]>;
  timerSetSettle(due: string, claimed: string, lease: number, ...pairs: (string | number)[]): Promise<number>;
};

function withScripts(redis: Redis): TimerSetRedis {
  const r = redis as TimerSetRedis;
  if (typeof r.timerSetClaim !== 'function') {
    redis.defineCommand('timerSetClaim', { numberOfKeys: 2, lua: CLAIM });
    redis.defineCommand('timerSetSettle', { numberOfKeys: 2, lua: SETTLE });
  }
  return r;
}

/** Members scheduled per ZADD: bounded, so a long list does not block Redis in one command. */
const SCHEDULE_CHUNK = 1000;

/**
 * One timer set in Redis (see TIMER_SETS): `<prefix>:timers:<name>`, members scored by their due time in ms, and
 * `<prefix>:timers:<name>:claimed`, the members a sweeper is working on, scored by when its claim lapses.
 * A member is pending while it is in either.
 */
export class TimerSet {
  readonly key: string;
  readonly claimedKey: string;
  private readonly redis: TimerSetRedis;

  constructor(redis: Redis, prefix: string, readonly name: TimerSetName) {
    this.redis = withScripts(redis);
    this.key = `${prefix}:timers:${name}`;
    this.claimedKey = `${this.key}:claimed`;
  }

  /**
   * Schedules members at their times; a member already pending keeps the earlier of its two times (ZADD LT): a
   * timer that fires early is put back by its handler, one that fires late would be late.
   */
  async schedule(timers: { member: string; at: Date }[]): Promise<void> {
    if (!timers.length) return;
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < timers.length; i += SCHEDULE_CHUNK) {
      const args: (string | number)[] = [];
      for (const t of timers.slice(i, i + SCHEDULE_CHUNK)) args.push(t.at.getTime(), t.member);
      pipeline.zadd(this.key, 'LT', ...args);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Claims up to `limit` members due by `now` (lapsed claims first: `lapsed` of them), each held until `leaseUntil`. */
  async claim(now: number, limit: number, leaseUntil: number): Promise<{ members: string[]; lapsed: number }> {
    const [lapsed, ...members] = await this.redis.timerSetClaim(this.key, this.claimedKey, now, limit, leaseUntil);
    return { members, lapsed: Number(lapsed) };
  }

  /** Ends the claims taken with `leaseUntil`; members in `later` go back in the set at their time. */
  async settle(members: string[], leaseUntil: number, later: Map<string, Date> = new Map()): Promise<void> {
    if (!members.length) return;
    const args: (string | number)[] = [];
    for (const m of members) args.push(m, later.get(m)?.getTime() ?? '');
    await this.redis.timerSetSettle(this.key, this.claimedKey, leaseUntil, ...args);
  }

  /** Which of `members` are pending (in the set or claimed), in one round trip. */
  async pending(members: string[]): Promise<boolean[]> {
    if (!members.length) return [];
    const results = (await this.redis.pipeline().zmscore(this.key, ...members).zmscore(this.claimedKey, ...members).exec()) ?? [];
    const [[dueErr, due], [claimedErr, claimed]] = results as [Error | null, (string | null)[]][];
    if (dueErr || claimedErr) throw dueErr ?? claimedErr;
    return members.map((_, i) => due[i] !== null || claimed[i] !== null);
  }

  /** Pending members (in the set and claimed). */
  async size(): Promise<number> {
    const [[, due], [, claimed]] = ((await this.redis.pipeline().zcard(this.key).zcard(this.claimedKey).exec()) ?? []) as [Error | null, number][];
    return Number(due) + Number(claimed);
  }

  /** When the earliest member not claimed is due (null: none). */
  async earliest(): Promise<Date | null> {
    const [, score] = await this.redis.zrange(this.key, 0, 0, 'WITHSCORES');
    return score === undefined ? null : new Date(Number(score));
  }

  /** When the member is due (null: not in the set; a claimed member is not in it). */
  async dueAt(member: string): Promise<Date | null> {
    const score = await this.redis.zscore(this.key, member);
    return score === null ? null : new Date(Number(score));
  }
}
