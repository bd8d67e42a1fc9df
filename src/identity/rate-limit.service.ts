import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError, ErrorCode } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { logRedisConnection } from '../redis/redis-connection-log';
import { quotaBatch, UserQuotas } from './user-quotas';

/**
 * Failures from one client address may come from many people behind one NAT (a hospital, a police
 * station): an address is blocked after this many times the per-account limit.
 */
export const ADDRESS_FAILURE_FACTOR = 4;

/**
 * Failures count while each comes within the window of the one before (every failure re-arms the expiry),
 * so a patient attacker is counted as well as a fast one; the block lasts one window from the last failure.
 */
const COUNT_FAILURE = `
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n`;

/**
 * A batch of operation quota steps (user-quotas.ts), atomic and in one round trip: for each key, counts
 * ARGV[i + 1] operations in the window that started with the key's first operation (ARGV[1] ms); returns each
 * key's count and the milliseconds left of its window. The keys share the prefix's hash tag (one cluster slot).
 */
const ADD_QUOTAS = `
local out = {}
for i, key in ipairs(KEYS) do
  local w = tonumber(ARGV[i + 1])
  local n = redis.call('INCRBY', key, w)
  if n == w then redis.call('PEXPIRE', key, ARGV[1]) end
  out[#out + 1] = n
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

type QuotaRedis = Redis & { addQuotas(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

/** How often a process sends the operations it admitted to Redis at the latest (user-quotas.ts). */
export const QUOTA_SYNC_MS = 200;

/**
 * Rate limits kept in Redis, so they hold across API instances. Keys carry the deployment's prefix (a hash
 * tag, `{rujuk}`, so they live in one Redis Cluster slot). Emails are hashed before they become keys.
 *  - per user: at most graphql.rateLimitPerMinute operations in a minute from the first one, counted in the
 *    process and synchronised with Redis in batches (user-quotas.ts: no round trip per operation; with N API
 *    processes or instances a user may get up to N * 2% more);
 *  - login: after auth.loginMaxFailures failed logins for one account (or ADDRESS_FAILURE_FACTOR times as many
 *    from one address), each within auth.loginWindowSeconds of the previous, logins are refused until a window
 *    has passed since the last failure, even with the right password. A success clears the account's count.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  /**
   * Its own connection that fails at once when Redis is unreachable (no offline queue, short timeout), so an
   * outage never hangs a request: the per-user quota then lets requests through (writes must not depend on
   * Redis), and logins are refused while their brute-force guard cannot be checked.
   */
  private readonly redis: QuotaRedis;
  private readonly quotas: UserQuotas;

  constructor(
    @Inject(REDIS) shared: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.redis = shared.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 300 }) as QuotaRedis;
    this.redis.defineCommand('addQuotas', { lua: ADD_QUOTAS });
    logRedisConnection(this.redis, 'rate-limits', config.redis.url);
    const limit = config.graphql.rateLimitPerMinute;
    this.quotas = new UserQuotas(
      { add: (entries, windowMs) => this.addQuotas(entries, windowMs) },
      { limit, windowMs: 60_000, batch: quotaBatch(limit), syncMs: QUOTA_SYNC_MS },
      // The connection's state changes are logged once each (redis-connection-log.ts), not per batch.
      (err) => this.logger.debug({ err: (err as Error).message }, 'rate limiter unavailable: counting in this process alone'),
    );
  }

  private async addQuotas(entries: readonly { key: string; weight: number }[], windowMs: number): Promise<{ count: number; ttlMs: number }[]> {
    const flat = await this.redis.addQuotas(entries.length, ...entries.map((e) => e.key), windowMs, ...entries.map((e) => e.weight));
    return entries.map((_, i) => ({ count: Number(flat[2 * i]), ttlMs: Number(flat[2 * i + 1]) }));
  }

  /** Waits (briefly) for the connection, so the first requests after start-up find it ready. */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** After the HTTP server has closed (not at module destroy): requests still draining are counted and limited. */
  async onApplicationShutdown(): Promise<void> {
    await this.quotas.close().catch(() => undefined);
    this.redis.disconnect();
  }

  private key(...parts: string[]): string {
    return [this.config.redis.prefix, 'rl', ...parts].join(':');
  }

  private static tooMany(message: string, ttlMs: number): AppError {
    return new AppError(ErrorCode.TOO_MANY_REQUESTS, message, { retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) });
  }

  /** Counts `weight` operations (a batched request counts each of its operations) against the user's minute. */
  async consumeUserQuota(userId: string, weight = 1): Promise<void> {
    this.admitUser(await this.quotas.consume(this.userKey(userId), weight));
  }

  /**
   * consumeUserQuota when this process can count the operations without waiting for Redis (most requests):
   * true when admitted (throws when refused), false when nothing was counted and consumeUserQuota must be called.
   */
  consumeUserQuotaNow(userId: string, weight = 1): boolean {
    const ttl = this.quotas.consumeNow(this.userKey(userId), weight);
    if (ttl === undefined) return false;
    this.admitUser(ttl);
    return true;
  }

  private admitUser(ttl: number | null): void {
    const limit = this.config.graphql.rateLimitPerMinute;
    if (ttl !== null) throw RateLimitService.tooMany(`Rate limit of ${limit} operations per minute exceeded`, ttl);
  }

  private userKey(userId: string): string {
    return this.key('user', userId);
  }

  private loginKeys(email: string, address: string | null): { account: string; address: string | null } {
    const hash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return { account: this.key('login', 'account', hash), address: address ? this.key('login', 'address', address) : null };
  }

  private get limits(): { account: number; address: number; window: number } {
    const { loginMaxFailures, loginWindowSeconds } = this.config.auth;
    return { account: loginMaxFailures, address: loginMaxFailures * ADDRESS_FAILURE_FACTOR, window: loginWindowSeconds };
  }

  /** Refuses a login attempt while the account or the address is blocked. */
  async assertLoginAllowed(email: string, address: string | null): Promise<void> {
    const keys = this.loginKeys(email, address);
    const limits = this.limits;
    const pipeline = this.redis.multi().get(keys.account).pttl(keys.account);
    if (keys.address) pipeline.get(keys.address).pttl(keys.address);
    let res: [Error | null, unknown][];
    try {
      res = (await pipeline.exec()) ?? [];
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'login limiter unavailable: login refused');
      throw AppError.unavailable('Sign-in is unavailable while its brute-force guard (Redis) cannot be reached; try again shortly', 30);
    }
    const [accountCount, accountTtl, addressCount, addressTtl] = res.map((r) => Number(r[1] ?? 0));
    if (accountCount >= limits.account) {
      throw RateLimitService.tooMany('Too many failed logins for this account; try again later', accountTtl);
    }
    if (keys.address && addressCount >= limits.address) {
      throw RateLimitService.tooMany('Too many failed logins from this address; try again later', addressTtl);
    }
  }

  async recordLoginFailure(email: string, address: string | null): Promise<void> {
    const keys = this.loginKeys(email, address);
    const limits = this.limits;
    await this.redis.eval(COUNT_FAILURE, 1, keys.account, limits.window);
    if (keys.address) await this.redis.eval(COUNT_FAILURE, 1, keys.address, limits.window);
  }

  /**
   * Single-referral links (public operations): per client address, at most graphql.rateLimitPerMinute operations a
   * minute, and after loginMaxFailures x ADDRESS_FAILURE_FACTOR refused tokens (each within the login window of
   * the one before) the address is refused until a window has passed, as for logins. Fails closed without Redis.
   */
  async assertLinkAllowed(address: string | null): Promise<void> {
    const who = address ?? 'unknown';
    let failures: number;
    let failureTtl: number;
    let count: number;
    let ttl: number;
    try {
      const res = (await this.redis.multi().get(this.key('link', 'failures', who)).pttl(this.key('link', 'failures', who)).exec()) ?? [];
      [failures, failureTtl] = res.map((r) => Number(r[1] ?? 0));
      [{ count, ttlMs: ttl }] = await this.addQuotas([{ key: this.key('link', 'ops', who), weight: 1 }], 60_000);
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'link limiter unavailable: refused');
      throw AppError.unavailable('Referral links are unavailable while their guard (Redis) cannot be reached; try again shortly', 30);
    }
    if (failures >= this.limits.address) throw RateLimitService.tooMany('Too many invalid referral links from this address; try again later', failureTtl);
    const limit = this.config.graphql.rateLimitPerMinute;
    if (count > limit) throw RateLimitService.tooMany(`Rate limit of ${limit} operations per minute exceeded`, ttl);
  }

  /** A token refused (unknown, revoked, expired or answered): counts against the address. */
  async recordLinkFailure(address: string | null): Promise<void> {
    await this.redis.eval(COUNT_FAILURE, 1, this.key('link', 'failures', address ?? 'unknown'), this.limits.window).catch(() => undefined);
  }

  /** A successful login clears the account's failures (not the address's: others may share it). */
  async recordLoginSuccess(email: string): Promise<void> {
    await this.redis.del(this.loginKeys(email, null).account);
  }
}
