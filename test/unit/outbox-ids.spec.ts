import { timeOrderedUuid } from '../../src/outbox/outbox.service';

/** Outbox row ids: UUIDs (version 7 layout) that sort by the time they were made. */
describe('timeOrderedUuid', () => {
  it('is a UUID of version 7 and the RFC variant, with the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 11, 1, 5, 0, 0, 123);
    const id = timeOrderedUuid(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time (as Postgres compares uuids: byte by byte), and ids of the same ms differ', () => {
    const ids = [1_000, 2_000, 2_001, 1_796_000_000_000].map((t) => timeOrderedUuid(t));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(5)));
    expect(same.size).toBe(1000);
  });
});
