import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** V8's full collection, whether or not the process was started with --expose-gc. */
function collector(): () => void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
      setFlagsFromString('--no-expose-gc');
    }
  }
  return collect;
}

/**
 * Keeps a long import's heap within `slackBytes` of what it holds. An import allocates a few MB per 1,000 rows
 * that die young or soon after (parsed records, each batch's statements), and V8 lets the heap grow to several
 * times what is live before a full collection (with the default heap limit, about four times: 65 MB live, 260 MB
 * of heap). Checked between batches, a collection is forced when the heap has grown by `slackBytes` since the
 * last one: a few tens of milliseconds per 10,000 rows, and the process's memory stays flat.
 */
export class HeapGuard {
  private floor = getHeapStatistics().used_heap_size;

  constructor(private readonly slackBytes = 32 * 2 ** 20) {}

  check(): void {
    if (getHeapStatistics().used_heap_size - this.floor < this.slackBytes) return;
    collector()();
    this.floor = getHeapStatistics().used_heap_size;
  }
}
