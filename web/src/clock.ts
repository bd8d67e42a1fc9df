import { useSyncExternalStore } from 'react';

/**
 * One clock for the whole console: a single timer ticks every 30 s while anything shows a countdown, and every
 * component reading it re-renders on that tick (not one timer, and one re-render schedule, per countdown).
 */
const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = () => now;

/** The shared clock's time (ms since the epoch), current to the last 30 s tick. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
