/**
 * Polls until `check` returns a truthy value (and returns it), or throws once `timeoutMs` has passed: the way a
 * test waits for something to happen, instead of a fixed sleep. A `check` that throws counts as not yet.
 */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
