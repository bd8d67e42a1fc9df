import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DataKeyUnavailableError, dataKeyId, FieldCipher } from '../../src/cases/field-cipher';
import { ConfigError, loadConfig } from '../../src/config/app-config';

const A = Buffer.alloc(32, 1);
const B = Buffer.alloc(32, 2);
const C = Buffer.alloc(32, 3);
const NIK = '3277014107900001';

/** A ciphertext in the format written before key ids (`v1.<iv>.<tag>.<ct>`), exactly as that code wrote it. */
function legacyV1(master: Buffer, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'rujuk/field-encryption/v1', 32));
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

describe('field cipher with key rotation', () => {
  it('names a key by the first 8 hex digits of its SHA-256', () => {
    expect(dataKeyId(A)).toBe(createHash('sha256').update(A).digest('hex').slice(0, 8));
    expect(dataKeyId(A)).toMatch(/^[0-9a-f]{8}$/);
    expect(dataKeyId(A)).not.toBe(dataKeyId(B));
    expect(new FieldCipher(A, [B]).currentKeyId).toBe(dataKeyId(A));
  });

  it('round-trips under the current key, writing v2 with its key id, and never the plain text', () => {
    const a = new FieldCipher(A);
    const token = a.encrypt(NIK);
    expect(token.startsWith(`v2.${dataKeyId(A)}.`)).toBe(true);
    expect(token.split('.')).toHaveLength(5);
    expect(token).not.toContain(NIK);
    expect(a.decrypt(token)).toBe(NIK);
    expect(a.isCurrent(token)).toBe(true);
    expect(a.encrypt(NIK)).not.toBe(token);
  });

  it('reads a previous key by its id, and writes with the current one', () => {
    const old = new FieldCipher(A).encrypt(NIK);
    const rotated = new FieldCipher(B, [A]);
    expect(rotated.decrypt(old)).toBe(NIK);
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.encrypt(NIK).startsWith(`v2.${dataKeyId(B)}.`)).toBe(true);
  });

  it('reads the legacy format (no key id) with whichever configured key made it, current or previous', () => {
    const legacy = legacyV1(A, NIK);
    expect(new FieldCipher(A).decrypt(legacy)).toBe(NIK);
    expect(new FieldCipher(B, [C, A]).decrypt(legacy)).toBe(NIK);
    expect(new FieldCipher(A).isCurrent(legacy)).toBe(false);
  });

  it('names the missing key when no configured key opens a ciphertext', () => {
    const token = new FieldCipher(A).encrypt(NIK);
    const err = (() => {
      try {
        new FieldCipher(B, [C]).decrypt(token);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataKeyUnavailableError);
    expect((err as DataKeyUnavailableError).keyId).toBe(dataKeyId(A));
    expect((err as Error).message).not.toContain(NIK);
    expect(() => new FieldCipher(B).decrypt(legacyV1(A, NIK))).toThrow(DataKeyUnavailableError);
    expect(() => new FieldCipher(B).decrypt(legacyV1(A, NIK))).toThrow(/legacy/);
  });

  it('refuses a tampered ciphertext under a configured key (corrupt, not a missing key)', () => {
    const a = new FieldCipher(A);
    const parts = a.encrypt(NIK).split('.');
    parts[4] = Buffer.from('0000000000000000').toString('base64url');
    expect(() => a.decrypt(parts.join('.'))).toThrow();
    expect(() => a.decrypt(parts.join('.'))).not.toThrow(DataKeyUnavailableError);
    expect(() => a.decrypt('garbage')).toThrow(/format/);
  });

  it('hashes under the current key, and under every configured key for duplicate checks', () => {
    const a = new FieldCipher(A);
    const rotated = new FieldCipher(B, [A]);
    expect(a.lookupHash(NIK)).toBe(a.lookupHash(NIK));
    expect(rotated.lookupHash(NIK)).not.toBe(a.lookupHash(NIK));
    expect(rotated.lookupHashes(NIK)).toEqual([rotated.lookupHash(NIK), a.lookupHash(NIK)]);
    expect(new FieldCipher(A, [A]).lookupHashes(NIK)).toEqual([a.lookupHash(NIK)]);
  });
});

describe('DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEYS', () => {
  const env = { NODE_ENV: 'test', DATABASE_URL: 'postgres://x@h/db', REDIS_URL: 'redis://h', JWT_SECRET: 'x'.repeat(32) };
  const problems = (extra: Record<string, string>): string[] => {
    try {
      loadConfig({ ...env, ...extra });
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('reads the current key and the previous ones, hex or base64, without the current or repeats', () => {
    const c = loadConfig({ ...env, DATA_ENCRYPTION_KEY: B.toString('hex'), DATA_ENCRYPTION_KEYS: `${A.toString('base64')}, ${C.toString('hex')},${A.toString('hex')},${B.toString('hex')}` });
    expect(c.data.encryptionKey.equals(B)).toBe(true);
    expect(c.data.previousKeys.map((k) => k.toString('hex'))).toEqual([A.toString('hex'), C.toString('hex')]);
    expect(loadConfig(env).data.previousKeys).toEqual([]);
  });

  it('names the variable and the entry at fault, never the value', () => {
    const secret = 'abcdef0123456789';
    const found = problems({ DATA_ENCRYPTION_KEY: A.toString('hex'), DATA_ENCRYPTION_KEYS: `${B.toString('hex')},${secret}` });
    expect(found).toEqual([expect.stringMatching(/^DATA_ENCRYPTION_KEYS: entry 2 must be 32 bytes/)]);
    expect(found.join()).not.toContain(secret);
    expect(problems({ DATA_ENCRYPTION_KEY: 'not a key!' })).toEqual([expect.stringMatching(/^DATA_ENCRYPTION_KEY must be 32 bytes/)]);
    expect(problems({ DATA_ENCRYPTION_KEY: Buffer.alloc(16, 1).toString('base64') })).toEqual([expect.stringMatching(/^DATA_ENCRYPTION_KEY must be 32 bytes/)]);
  });
});
