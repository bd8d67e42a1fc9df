import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap';
import { dataKeyId, FieldCipher } from '../../src/cases/field-cipher';
import { reencryptClients } from '../../src/cases/reencrypt-clients';
import { gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { eventually } from '../support/worker';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);

/** The environment the API reads its keys from, set only while an app instance boots. */
async function withKeys<T>(current: Buffer, previous: Buffer[], boot: () => Promise<T>): Promise<T> {
  const saved = { key: process.env.DATA_ENCRYPTION_KEY, keys: process.env.DATA_ENCRYPTION_KEYS };
  process.env.DATA_ENCRYPTION_KEY = current.toString('hex');
  process.env.DATA_ENCRYPTION_KEYS = previous.map((k) => k.toString('base64')).join(',');
  try {
    return await boot();
  } finally {
    for (const [name, value] of [['DATA_ENCRYPTION_KEY', saved.key], ['DATA_ENCRYPTION_KEYS', saved.keys]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Restarts the API with other keys over the same data (no reset, unlike startApp). */
async function restartWith(current: Buffer, previous: Buffer[]): Promise<TestApp> {
  return withKeys(current, previous, async () => {
    const app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return { app, url: `http://127.0.0.1:${port}`, db: app.get<DataSource>(getDataSourceToken()), close: () => app.close() };
  });
}

/** A ciphertext in the format written before key ids (`v1.<iv>.<tag>.<ct>`), exactly as that code wrote it. */
function legacyV1(master: Buffer, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'rujuk/field-encryption/v1', 32));
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Rotating DATA_ENCRYPTION_KEY: old keys still read, a missing key is a clear error, re-encryption moves the data. */
describe('data encryption key rotation over HTTP', () => {
  let t: TestApp | undefined;
  let token: string;
  let clientId: string;
  let legacyId: string;

  const REGISTER = `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id hasNik nikMasked } } }`;
  const CLIENT = `query($id: ID!) { client(id: $id) { id fullName hasNik nikMasked phone } }`;
  const base = { birthDate: '1994-03-12', sex: 'FEMALE', regionCode: '32.77.01.1001', confirmNotDuplicate: true };
  const secrets = async (db: DataSource) =>
    db.query(`SELECT id, nik_ciphertext, nik_hash, kk_ciphertext, version, updated_at FROM client ORDER BY id`);

  beforeAll(async () => {
    t = await withKeys(KEY_A, [], startApp);
    const [org] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('LK3 Cimahi', 'LK3', '32.77') RETURNING id`);
    token = (await userWithToken(t, 'CASE_MANAGER', { organizationId: org.id, regionScope: '32.77' })).token;
    const first = await ok(gql(t, REGISTER, { i: { ...base, fullName: 'Siti Rahmawati', nik: '3277015203940001', kkNumber: '3277010101010001', phone: '0800-0000-0001' } }, token));
    clientId = first.registerClient.client.id;
    // A client written before ciphertexts named their key (legacy v1 format, hash under key A).
    const second = await ok(gql(t, REGISTER, { i: { ...base, fullName: 'Dewi Lestari', nik: '3277015203940002' } }, token));
    legacyId = second.registerClient.client.id;
    await t.db.query(`UPDATE client SET nik_ciphertext = $2 WHERE id = $1`, [legacyId, legacyV1(KEY_A, '3277015203940002')]);
    await t.close();
    t = undefined;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t?.close();
    t = undefined;
  });

  it('writes ciphertexts naming key A', async () => {
    t = await restartWith(KEY_A, []);
    const [row] = await t.db.query(`SELECT nik_ciphertext, kk_ciphertext FROM client WHERE id = $1`, [clientId]);
    expect(row.nik_ciphertext.startsWith(`v2.${dataKeyId(KEY_A)}.`)).toBe(true);
    expect(row.kk_ciphertext.startsWith(`v2.${dataKeyId(KEY_A)}.`)).toBe(true);
    const legacy = await ok(gql(t, CLIENT, { id: legacyId }, token));
    expect(legacy.client.nikMasked).toBe('************0002');
  });

  it('with B current and A among DATA_ENCRYPTION_KEYS, reads clients under A (both formats) and finds duplicates hashed under A', async () => {
    t = await restartWith(KEY_B, [KEY_A]);
    const r = await gql(t, CLIENT, { id: clientId }, token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.client).toMatchObject({ fullName: 'Siti Rahmawati', hasNik: true, nikMasked: '************0001' });
    expect((await ok(gql(t, CLIENT, { id: legacyId }, token))).client.nikMasked).toBe('************0002');
    const dup = await gql(t, REGISTER, { i: { ...base, fullName: 'Someone Else', nik: '3277015203940001' } }, token);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingClientId: clientId, field: 'input.nik' });
  });

  it('with B only, the NIK field answers DATA_KEY_UNAVAILABLE naming key A, logged once; the rest of the client reads', async () => {
    t = await restartWith(KEY_B, []);
    const logged = jest.spyOn(Logger.prototype, 'error');
    const r = await gql(t, CLIENT, { id: clientId }, token);
    expect(r.status).toBe(200);
    expect(r.data!.client).toMatchObject({ id: clientId, fullName: 'Siti Rahmawati', hasNik: true, nikMasked: null, phone: '0800-0000-0001' });
    expect(r.errors).toEqual([expect.objectContaining({
      path: ['client', 'nikMasked'],
      extensions: { code: 'DATA_KEY_UNAVAILABLE', field: 'nikMasked', keyId: dataKeyId(KEY_A) },
    })]);
    expect(JSON.stringify(r)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0][0]).toEqual({ clientId, keyId: dataKeyId(KEY_A) });
    expect(JSON.stringify(logged.mock.calls)).not.toMatch(/3277015203940001|0800-0000-0001|Siti/);

    const legacy = await gql(t, CLIENT, { id: legacyId }, token);
    expect(legacy.data!.client.fullName).toBe('Dewi Lestari');
    expect(legacy.errors?.[0].extensions).toMatchObject({ code: 'DATA_KEY_UNAVAILABLE' });
  });

  it('re-encryption without key A changes nothing and reports each client with the key id it lacks', async () => {
    const cipher = new FieldCipher(KEY_B);
    t = await restartWith(KEY_B, []);
    const before = await secrets(t.db);
    const result = await reencryptClients(t.db, cipher);
    expect(result.done).toBe(0);
    expect(result.failed).toEqual(expect.arrayContaining([
      { clientId, reason: `no configured key has id ${dataKeyId(KEY_A)}` },
      { clientId: legacyId, reason: 'no configured key opens its legacy (v1) ciphertext' },
    ]));
    expect(await secrets(t.db)).toEqual(before);
  });

  it('re-encrypts everything under B (with A configured), after which B alone reads it; a second run changes nothing', async () => {
    t = await restartWith(KEY_B, [KEY_A]);
    const progress: number[] = [];
    const result = await reencryptClients(t.db, new FieldCipher(KEY_B, [KEY_A]), { batchSize: 1, onProgress: (p) => progress.push(p.done) });
    expect(result).toEqual({ keyId: dataKeyId(KEY_B), total: 2, done: 2, failed: [], left: 0 });
    expect(progress).toEqual([1, 2]);
    const rows = await secrets(t.db);
    for (const row of rows) {
      expect(row.nik_ciphertext.startsWith(`v2.${dataKeyId(KEY_B)}.`)).toBe(true);
      if (row.kk_ciphertext) expect(row.kk_ciphertext.startsWith(`v2.${dataKeyId(KEY_B)}.`)).toBe(true);
    }
    await t.close();

    t = await restartWith(KEY_B, []);
    const r = await gql(t, CLIENT, { id: clientId }, token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.client.nikMasked).toBe('************0001');
    expect((await ok(gql(t, CLIENT, { id: legacyId }, token))).client.nikMasked).toBe('************0002');
    // The duplicate-detection hash moved to B with the ciphertext.
    const dup = await gql(t, REGISTER, { i: { ...base, fullName: 'Someone Else', nik: '3277015203940002' } }, token);
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingClientId: legacyId });

    const again = await reencryptClients(t.db, new FieldCipher(KEY_B));
    expect(again).toEqual({ keyId: dataKeyId(KEY_B), total: 0, done: 0, failed: [], left: 0 });
    expect(await secrets(t.db)).toEqual(rows);
  });

  it('never overwrites an API write in progress: a locked row is waited for, then found under the current key', async () => {
    t = await restartWith(KEY_A, []);
    const reg = await ok(gql(t, REGISTER, { i: { ...base, fullName: 'Rina Wulandari', nik: '3277015203940003' } }, token));
    const id = reg.registerClient.client.id as string;
    await t.close();
    t = await restartWith(KEY_B, [KEY_A]);
    const db = t.db;
    const cipher = new FieldCipher(KEY_B, [KEY_A]);
    // A writer (as updateClient does) holds the row while the re-encryption runs, then changes the NIK and commits.
    const writer = db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(`SELECT id FROM client WHERE id = $1 FOR UPDATE`, [id]);
      const run = reencryptClients(db, cipher);
      // The run reaches the row and waits for the writer's lock.
      await eventually(async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return n === 1;
      });
      await writer.query(`UPDATE client SET nik_ciphertext = $2, nik_hash = $3 WHERE id = $1`, [id, cipher.encrypt('3277015203940004'), cipher.lookupHash('3277015203940004')]);
      await writer.commitTransaction();
      expect(await run).toMatchObject({ failed: [], left: 0 });
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    await t.close();
    t = await restartWith(KEY_B, []);
    expect((await ok(gql(t, CLIENT, { id }, token))).client.nikMasked).toBe('************0004');
  });
});
