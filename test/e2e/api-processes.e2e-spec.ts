import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../support/eventually';

/** The API's process supervisor (API_PROCESSES > 1, src/api-processes.ts), run as main.ts runs it, on a stand-in API. */
describe('API processes sharing one port', () => {
  const port = 41000 + Math.floor(Math.random() * 2000);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  const started: ChildProcess[] = [];
  function start(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
    const { RUN_MIGRATIONS: _inherited, ...base } = process.env;
    // Its own process group, so that whatever a failed test leaves running is stopped with it (afterEach).
    const child = spawn(process.execPath, ['-r', join(__dirname, '../support/swc-register.js'), join(__dirname, '../support/api-processes-fixture.ts')], {
      env: { ...base, PORT: String(port), ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true,
    });
    started.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited };
  }
  afterEach(() => {
    for (const child of started.splice(0)) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      child.stderr?.destroy();
    }
  });

  /** The pids (and migration flags) that answer `n` fresh connections. */
  async function answers(n: number): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      // A connection handed to a process as it is killed is never answered: give up on it.
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(1000) }).catch(() => null);
      const text = res ? await res.text().catch(() => null) : null;
      if (text) seen.add(text);
    }
    return seen;
  }

  /** Polls `probe` until its value is `ok` (and returns it), within 40 seconds. */
  async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    return eventually(async () => {
      const v = await probe();
      return ok(v) ? { v } : null;
    }, 40_000, 200).then(({ v }) => v);
  }

  it('runs the processes, only the first migrating, replaces one that dies, and stops them all on SIGTERM', async () => {
    const api = start({ API_PROCESSES: '2' });
    let stderr = '';
    api.child.stderr!.on('data', (d) => (stderr += d));
    const first = await waitFor(() => answers(6), (s) => s.size === 2);
    await waitFor(async () => stderr, (e) => e.includes('2 API processes listening'));
    expect(stderr).toContain('2 API processes listening');
    expect([...first].map((a) => a.split(' ')[1]).sort()).toEqual(['false', 'migrates']);
    const pids = [...first].map((a) => Number(a.split(' ')[0]));

    process.kill(pids[0], 'SIGKILL');
    const after = await waitFor(() => answers(6), (s) => s.size === 2 && ![...s].some((a) => a.startsWith(`${pids[0]} `)));
    expect(after.size).toBe(2);
    expect([...after].some((a) => a.startsWith(`${pids[1]} `))).toBe(true);
    const replacement = [...after].find((a) => !a.startsWith(`${pids[1]} `))!;
    expect(replacement.split(' ')[1]).toBe('false');

    api.child.kill('SIGTERM');
    await expect(api.exited).resolves.toBe(0);
    for (const a of after) expect(alive(Number(a.split(' ')[0]))).toBe(false);
  }, 90_000);

  it('stops with an error when the first process stops before it listens, starting no others', async () => {
    const api = start({ API_PROCESSES: '3', FAIL_START: '1' });
    let stderr = '';
    api.child.stderr!.on('data', (d) => (stderr += d));
    await expect(api.exited).resolves.toBe(1);
    expect(stderr).toContain('stopped before it listened');
    expect(stderr).not.toContain('API processes listening');
  });
});
