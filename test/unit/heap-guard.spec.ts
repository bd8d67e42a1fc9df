import { getHeapStatistics } from 'node:v8';
import { HeapGuard } from '../../src/interop/import/heap-guard';

const used = () => getHeapStatistics().used_heap_size;

describe('HeapGuard', () => {
  it('collects the garbage once the heap has grown by its slack', () => {
    const guard = new HeapGuard(16 * 2 ** 20);
    // Objects held long enough to leave the young generation, then dropped: garbage V8 would keep for a while.
    let held: string[][] = [];
    for (let i = 0; i < 400; i++) held.push(Array.from({ length: 1000 }, (_, j) => `row ${i} ${j} ${'x'.repeat(40)}`));
    const grown = used();
    held = [];
    expect(held).toHaveLength(0);
    guard.check();
    expect(used()).toBeLessThan(grown - 16 * 2 ** 20);
    const after = used();
    guard.check();
    expect(Math.abs(used() - after)).toBeLessThan(4 * 2 ** 20);
  });
});
