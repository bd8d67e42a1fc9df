/** Pure timing rules of the outbox relay. */

/** BullMQ delay for a job that should run at `runAt`, computed when it is published: never negative. */
export function jobDelayMs(runAt: Date | null, now: Date): number {
  if (!runAt) return 0;
  return Math.max(0, runAt.getTime() - now.getTime());
}

/**
 * How long a row waits before the relay tries it again after `attempts` failed publishes (1, 2, ...):
 * base, 2 x base, 4 x base ... capped at max. The relay never gives up: a row stays until Redis takes it.
 */
export function relayRetryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(maxMs, baseMs * 2 ** exp);
}
