import { ViewerCache } from '../../src/identity/viewer-cache';
import type { Viewer } from '../../src/common/viewer';

const viewer = (id: string, role: Viewer['role'] = 'CASE_MANAGER'): Viewer => ({ id, email: `${id}@x.invalid`, role, organizationId: null, regionScope: null });

describe('ViewerCache', () => {
  it('serves nothing until its invalidation feed is live, and forgets everything when the feed is lost', () => {
    const c = new ViewerCache(60_000);
    c.store(viewer('a'), c.begin());
    expect(c.get('a')).toBeUndefined();
    c.resume();
    c.store(viewer('a'), c.begin());
    expect(c.get('a')).toEqual(viewer('a'));
    c.suspend();
    expect(c.get('a')).toBeUndefined();
    c.resume();
    expect(c.get('a')).toBeUndefined();
  });

  it('evicts one user on a change, and everyone on an empty payload', () => {
    const c = new ViewerCache(60_000);
    c.resume();
    c.store(viewer('a'), c.begin());
    c.store(viewer('b'), c.begin());
    c.evict('a');
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toEqual(viewer('b'));
    c.evict('');
    expect(c.get('b')).toBeUndefined();
  });

  it('does not store a read that raced an eviction (it may hold the row from before the change)', () => {
    const c = new ViewerCache(60_000);
    c.resume();
    const epoch = c.begin();
    c.evict('a'); // the change commits while the read is in flight
    c.store(viewer('a', 'SUPERVISOR'), epoch);
    expect(c.get('a')).toBeUndefined();
    c.store(viewer('a', 'SUPERVISOR'), c.begin());
    expect(c.get('a')?.role).toBe('SUPERVISOR');
  });

  it('lets an entry expire after its lifetime', () => {
    const c = new ViewerCache(1_000);
    c.resume();
    c.store(viewer('a'), c.begin(), 10_000);
    expect(c.get('a', 10_999)).toEqual(viewer('a'));
    expect(c.get('a', 11_000)).toBeUndefined();
  });

  it('holds at most its bound, dropping the oldest', () => {
    const c = new ViewerCache(60_000, 2);
    c.resume();
    for (const id of ['a', 'b', 'c']) c.store(viewer(id), c.begin());
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBeDefined();
    expect(c.get('c')).toBeDefined();
  });
});
