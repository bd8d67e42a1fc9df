import type { Viewer } from '../common/viewer';

/** The Postgres channel a trigger on user_account notifies (payload: the user id) when a viewer's fields change. */
export const USER_CHANGED_CHANNEL = 'rujuk_user_changed';

/**
 * Signed-in users as the auth guard needs them, kept between requests so that an operation costs no user
 * read. It is only trusted while its invalidation feed is live: a trigger on user_account NOTIFYs every
 * committed change of role, organisation, region scope, email or active flag (and deletions), and the API
 * evicts that user at once, so a deactivation or role change still applies to the next request. While the
 * feed is down (before LISTEN, after a lost connection) the cache is empty and unused: every request reads.
 *
 * A read that raced an invalidation is not stored: `begin()` takes the invalidation epoch before the read and
 * `store()` drops the row if an eviction happened since. Entries also expire after `ttlMs`, a safety net.
 */
export class ViewerCache {
  private readonly entries = new Map<string, { viewer: Viewer; expiresAt: number }>();
  private epoch = 0;
  private live = false;

  constructor(private readonly ttlMs: number, private readonly max = 50_000) {}

  get enabled(): boolean {
    return this.live;
  }

  get(id: string, now = Date.now()): Viewer | undefined {
    if (!this.live) return undefined;
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now) return hit.viewer;
    if (hit) this.entries.delete(id);
    return undefined;
  }

  /** The epoch to hand back to store(): taken before reading the user. */
  begin(): number {
    return this.epoch;
  }

  store(viewer: Viewer, epoch: number, now = Date.now()): void {
    if (!this.live || epoch !== this.epoch) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(viewer.id, { viewer, expiresAt: now + this.ttlMs });
  }

  /** A user changed (payload of the NOTIFY); an empty id means anyone may have. */
  evict(id: string): void {
    this.epoch++;
    if (id) this.entries.delete(id);
    else this.entries.clear();
  }

  /** The feed is live: start from empty (changes made while it was down were not heard). */
  resume(): void {
    this.evict('');
    this.live = true;
  }

  /** The feed is down: forget everything and read every request until it is back. */
  suspend(): void {
    this.live = false;
    this.evict('');
  }
}
