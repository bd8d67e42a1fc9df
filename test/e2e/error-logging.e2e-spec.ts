import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AuthService } from '../../src/identity/auth.service';
import { asOwner } from '../support/harness';
import { eventually } from '../support/worker';

/**
 * No client data in the logs, even when the database fails an operation: the API runs as its own process (as in
 * production) with JSON logs at debug, registerClient is made to fail in PostgreSQL (a check constraint whose
 * message lists the failing row, and a trigger whose message quotes the name), and none of the client's values
 * may appear in anything the process wrote. The failure is logged by SQLSTATE, constraint and request id.
 */
describe('error logging: a failing operation logs no client values', () => {
  let child: ChildProcess | undefined;
  let out = '';
  let url = '';

  const client = {
    fullName: `Siti Rahayu Logcheck ${randomUUID().slice(0, 6)}`,
    phone: '+62 811 9876 5432',
    addressLine: 'Jalan Rahasia Nomor 17',
    nik: '3273016504900007',
  };
  const values = [client.fullName, client.phone, client.addressLine, client.nik, client.fullName.toLowerCase(), '9876 5432', 'Rahasia'];

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
  }

  async function gqlPost(query: string, variables: Record<string, unknown>, token?: string) {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `logcheck-${randomUUID()}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
  }

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['-r', join(__dirname, '../support/swc-register.js'), join(__dirname, '../../src/main.ts')], {
      env: { ...process.env, LOG_LEVEL: 'debug', PORT: String(port), API_PROCESSES: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    url = `http://127.0.0.1:${port}`;
    await eventually(() => fetch(`${url}/healthz`).then((r) => r.ok, () => false), 60_000, 200);
  }, 90_000);

  afterAll(async () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await asOwner(async (o) => {
      await o.query(`DROP TRIGGER IF EXISTS logcheck_refuse ON client`);
      await o.query(`DROP FUNCTION IF EXISTS logcheck_refuse()`);
      await o.query(`ALTER TABLE client DROP CONSTRAINT IF EXISTS logcheck_phone`);
    });
  });

  async function caseManagerToken(): Promise<string> {
    const email = `logcheck-${randomUUID()}@test.rujuk`;
    const password = 'logcheck-correct-horse';
    const hash = await AuthService.hashPassword(password);
    await asOwner(async (o) => {
      const { rows: [org] } = await o.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ($1, 'LK3', '32.77') RETURNING id`, [`LK3 ${randomUUID()}`]);
      await o.query(`INSERT INTO user_account (email, name, password_hash, role, organization_id) VALUES ($1, 'CM', $2, 'CASE_MANAGER', $3)`, [email, hash, org.id]);
    });
    const login = await gqlPost(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password } });
    return login.data.login.token;
  }

  const REGISTER = `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`;
  const input = () => ({ ...client, birthDate: '1990-04-25', sex: 'FEMALE', regionCode: '32.77.01.1001', confirmNotDuplicate: true });

  it('a constraint violation and a database exception in registerClient leave no client value in the log', async () => {
    const token = await caseManagerToken();

    // A check constraint whose violation message carries the failing row (every column's value).
    await asOwner((o) => o.query(`ALTER TABLE client ADD CONSTRAINT logcheck_phone CHECK (phone IS DISTINCT FROM '${client.phone}') NOT VALID`));
    const constraint = await gqlPost(REGISTER, { i: input() }, token);
    expect(constraint.errors?.[0]).toBeDefined();
    expect(JSON.stringify(constraint)).not.toContain(client.fullName);
    await asOwner((o) => o.query(`ALTER TABLE client DROP CONSTRAINT logcheck_phone`));

    // An unexpected database error whose message quotes the client's name.
    await asOwner(async (o) => {
      await o.query(`CREATE FUNCTION logcheck_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused client % at %', NEW.full_name, NEW.phone; END $$`);
      await o.query(`CREATE TRIGGER logcheck_refuse BEFORE INSERT ON client FOR EACH ROW EXECUTE FUNCTION logcheck_refuse()`);
    });
    const exception = await gqlPost(REGISTER, { i: input() }, token);
    expect(exception.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(exception)).not.toContain(client.fullName);

    // The process logged both failures (by SQLSTATE), and nothing that names the client.
    await eventually(async () => out.includes('23514') && out.includes('P0001'), 10_000, 100);
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.some((l) => l.sqlState === 'P0001' || l.err?.sqlState === 'P0001')).toBe(true);
    const naming = out.split('\n').filter((l) => values.some((v) => l.includes(v)));
    expect(naming).toEqual([]);
    expect(out).not.toMatch(/INSERT INTO|parameters/i);
  });
});
