import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of specific personal data at rest (NIK, KK number), with key rotation.
 *
 * A master key is 32 bytes; its id is the first 8 hex digits of its SHA-256 (`dataKeyId`), which names it in
 * ciphertexts, errors and logs without revealing it. From each master key HKDF derives an AES-256-GCM key and an
 * HMAC-SHA256 key for the lookup hash (the same derivation as ever, so old data opens with its old key).
 *
 * Ciphertext formats (base64url parts joined by dots):
 *   v2.<key id>.<iv>.<tag>.<ciphertext>   written now: names the key that encrypted it
 *   v1.<iv>.<tag>.<ciphertext>            legacy, no key id: every configured key is tried, current first
 *
 * The current key encrypts and hashes; previous keys only decrypt, and their hashes take part in duplicate checks
 * until the data under them has been re-encrypted (`reencryptClients`).
 */

/** The id of a master key: the first 8 hex digits of its SHA-256. */
export function dataKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** A ciphertext that no configured key opens: its key id, or null for a legacy ciphertext (which names none). */
export class DataKeyUnavailableError extends Error {
  constructor(readonly keyId: string | null) {
    super(keyId ? `no configured data encryption key has id ${keyId}` : 'no configured data encryption key opens this legacy (v1) ciphertext');
    this.name = 'DataKeyUnavailableError';
  }
}

interface DerivedKey {
  id: string;
  encKey: Buffer;
  hashKey: Buffer;
}

function derive(master: Buffer): DerivedKey {
  return {
    id: dataKeyId(master),
    encKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'rujuk/field-encryption/v1', 32)),
    hashKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'rujuk/lookup-hash/v1', 32)),
  };
}

function open(key: DerivedKey, iv: string, tag: string, ct: string): string {
  const d = createDecipheriv('aes-256-gcm', key.encKey, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

export class FieldCipher {
  private readonly current: DerivedKey;
  /** Every configured key by id, the current one included. */
  private readonly keys = new Map<string, DerivedKey>();

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    this.current = derive(currentKey);
    for (const k of [this.current, ...previousKeys.map(derive)]) if (!this.keys.has(k.id)) this.keys.set(k.id, k);
  }

  /** The id of the key new ciphertexts are written with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** AES-256-GCM under the current key; output `v2.<key id>.<iv>.<tag>.<ciphertext>`. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /**
   * Opens a ciphertext of either format. Throws DataKeyUnavailableError when no configured key opens it; a
   * ciphertext whose named key is configured but fails authentication is corrupt and throws a plain Error.
   */
  decrypt(token: string): string {
    const parts = token.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.keys.get(parts[1]);
      if (!key) throw new DataKeyUnavailableError(parts[1]);
      return open(key, parts[2], parts[3], parts[4]);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      for (const key of this.keys.values()) {
        try {
          return open(key, parts[1], parts[2], parts[3]);
        } catch {
          // not this key: GCM authentication failed; try the next
        }
      }
      throw new DataKeyUnavailableError(null);
    }
    throw new Error('unknown ciphertext format');
  }

  /** Whether a ciphertext is already written with the current key (re-encryption leaves it alone). */
  isCurrent(token: string): boolean {
    return token.startsWith(this.currentPrefix);
  }

  /** The prefix every ciphertext under the current key starts with (for SQL `LIKE prefix || '%'`). */
  get currentPrefix(): string {
    return `v2.${this.current.id}.`;
  }

  /** A keyed hash under the current key: equal inputs give equal hashes, but the hash reveals nothing without the key. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.current.hashKey).update(value).digest('hex');
  }

  /**
   * The value's lookup hash under every configured key, current first: a row's hash is made with the key of its
   * ciphertext, so until the data is re-encrypted a duplicate may carry an old key's hash.
   */
  lookupHashes(value: string): string[] {
    return [...this.keys.values()].map((k) => createHmac('sha256', k.hashKey).update(value).digest('hex'));
  }
}
