import cluster, { type Worker } from 'node:cluster';

/** A line of the primary's own log, as pino would write it (the primary runs no Nest application). */
function log(level: 'info' | 'error' | 'fatal', msg: string, extra: Record<string, unknown> = {}): void {
  const levels = { info: 30, error: 50, fatal: 60 };
  process.stderr.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, name: 'rujuk-api-primary', msg, ...extra })}\n`);
}

/** The primary's log message once all `count` processes listen (what a caller waiting for all of them reads). */
export const ALL_LISTENING = (count: number) => `${count} API processes listening`;

/**
 * Runs `count` API processes on one port (node:cluster; the primary accepts connections and hands them round).
 * A Node process runs JavaScript on one core, so one process cannot use a second core however idle it is.
 *
 * - The first process runs pending migrations (when RUN_MIGRATIONS allows it); the others start only once it
 *   listens, with RUN_MIGRATIONS=false, so two never migrate at once.
 * - A process that stops before it ever listened stops them all (a bad database URL would otherwise restart
 *   forever); one that dies later is replaced, after a second.
 * - SIGTERM or SIGINT is passed on to every process, which drains and stops as a single API does (main.ts);
 *   the primary exits when the last has.
 */
export function superviseApiProcesses(count: number): void {
  let stopping = false;
  const listened = new WeakSet<Worker>();
  const running = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  let started = false;
  const start = (migrate: boolean): Worker => {
    const worker = cluster.fork(migrate ? {} : { RUN_MIGRATIONS: 'false' });
    worker.once('listening', () => {
      listened.add(worker);
      if (!started && running().filter((w) => listened.has(w)).length === count) {
        started = true;
        log('info', ALL_LISTENING(count), { processes: count });
      }
    });
    return worker;
  };
  const first = start(true);
  first.once('listening', () => {
    for (let i = 1; i < count; i++) start(false);
  });
  cluster.on('exit', (worker, code, signal) => {
    const alive = running().length;
    if (stopping) {
      if (alive === 0) process.exit(); // with process.exitCode: 1 after a failed start
      return;
    }
    if (!listened.has(worker)) {
      log('fatal', 'an API process stopped before it listened; stopping all', { workerPid: worker.process.pid, code, signal });
      stopping = true;
      process.exitCode = 1;
      for (const w of running()) w.process.kill('SIGTERM');
      if (alive === 0) process.exit();
      return;
    }
    log('error', 'an API process died; starting another', { workerPid: worker.process.pid, code, signal });
    setTimeout(() => {
      if (!stopping) start(false);
    }, 1000).unref();
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      const workers = running();
      if (!workers.length) process.exit();
      for (const w of workers) w.process.kill('SIGTERM');
    });
  }
}
