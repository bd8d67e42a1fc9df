/**
 * The fault suite's own infrastructure: a PostgreSQL cluster (initdb into a temporary directory, as the
 * `postgres` OS user when run as root, since initdb refuses root), a Redis server, and the API and worker as real
 * processes started from src/ (through test/support/swc-register.js), each on a free loopback port. Nothing
 * here touches the machine's shared PostgreSQL or Redis.
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { untilRedisAnswers } from '../../support/redis-probe';
import { eventually } from '../../support/eventually';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = join(__dirname, '../../..');
export const RUNTIME_ROLE = 'rujuk_app_fault';
export const JWT_SECRET = 'fault-secret-fault-secret-fault-secret-0123456789';
export const ADMIN = { email: 'admin@fault.invalid', password: 'fault-admin-password' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command as the postgres OS user when we are root (initdb and pg_ctl refuse root). */
function asPostgres(cmd: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class PgCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'rujuk-fault-pg-'));
  readonly data = join(this.dir, 'data');
  readonly log = join(this.dir, 'postgres.log');
  port = 0;

  ownerUrl(db = 'rujuk'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }
  runtimeUrl(db = 'rujuk'): string {
    return `postgres://${RUNTIME_ROLE}:${RUNTIME_ROLE}@127.0.0.1:${this.port}/${db}`;
  }

  async init(): Promise<void> {
    this.port = await freePort();
    chmodSync(this.dir, 0o755);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, uid, gid);
    }
    asPostgres(join(PG_BIN, 'initdb'), ['-D', this.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
    await this.start();
  }

  async start(): Promise<void> {
    asPostgres(join(PG_BIN, 'pg_ctl'), [
      '-D', this.data, '-l', this.log, '-w', '-t', '60', '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);
  }

  /** `fast`: clients are disconnected (57P01) and open transactions roll back; `immediate`: as a crash. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  /** Creates the database, runs every migration as the owner, and adds the runtime login role. */
  async createDatabase(db = 'rujuk'): Promise<void> {
    const admin = new Client({ connectionString: this.ownerUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.end();
    const ds = new DataSource(dataSourceOptions(this.ownerUrl(db)));
    await ds.initialize();
    await ds.runMigrations();
    await ds.query(`CREATE ROLE ${RUNTIME_ROLE} LOGIN PASSWORD '${RUNTIME_ROLE}' IN ROLE rujuk_app`);
    await ds.destroy();
  }

  /** Stops the cluster and removes its directory (unless `keep`: its logs stay for a look). */
  async destroy(keep = false): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // already stopped
    }
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}

export class RedisServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'rujuk-fault-redis-'));
  port = 0;
  private child: ChildProcess | null = null;

  constructor(private readonly appendOnly: boolean) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', this.appendOnly ? 'yes' : 'no',
      '--dir', this.dir, '--maxmemory-policy', 'noeviction',
    ], { stdio: 'ignore' });
    await untilRedisAnswers(this.port, 15_000);
  }

  /** kill -9: nothing is written on the way out. */
  async kill(): Promise<void> {
    if (!this.child) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async flushAll(): Promise<void> {
    const client = new IORedis(this.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Infra {
  pg: PgCluster;
  redis: RedisServer;
}

/** An API or worker process started from src/, its output appended to a log file in the cluster's directory. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly kind: 'api' | 'worker',
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  start(): void {
    const entry = join(ROOT, 'src', this.kind === 'api' ? 'main.ts' : 'worker.ts');
    this.child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/swc-register.js'), entry], {
      env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: ROOT,
    });
    const keep = (d: Buffer) => {
      this.output += String(d);
      appendFileSync(this.logFile, d);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** JSON log lines so far. */
  lines(): Record<string, any>[] {
    return this.output.split('\n').filter((l) => l.startsWith('{')).map((l) => {
      try {
        return JSON.parse(l) as Record<string, any>;
      } catch {
        return {};
      }
    });
  }

  raw(): string {
    return this.output;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    await exited;
    this.child = null;
  }
}

export function appEnv(infra: Infra, over: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: infra.pg.runtimeUrl(),
    DATABASE_OWNER_URL: infra.pg.ownerUrl(),
    RUN_MIGRATIONS: 'false',
    REDIS_URL: infra.redis.url,
    REDIS_PREFIX: '{rujuk-fault}',
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    API_PROCESSES: '1',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '200',
    RUJUK_DEBUG_ERRORS: '1', // an unexpected error's stack on stderr (the suite prints it)
    ...over,
  };
}

export function startApi(infra: Infra, port: number, over: Record<string, string> = {}): AppProcess {
  const p = new AppProcess('api', appEnv(infra, { PORT: String(port), ...over }), join(infra.pg.dir, 'api.log'));
  p.start();
  return p;
}

export function startWorkerProcess(infra: Infra, over: Record<string, string> = {}): AppProcess {
  const p = new AppProcess('worker', appEnv(infra, over), join(infra.pg.dir, 'worker.log'));
  p.start();
  return p;
}

export function note(infra: Infra, text: string): void {
  appendFileSync(join(infra.pg.dir, 'timeline.log'), `${new Date().toISOString()} ${text}\n`);
}

export function touch(path: string): void {
  writeFileSync(path, '');
}
