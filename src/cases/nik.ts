import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * NIK (Nomor Induk Kependudukan): 16 digits = province(2) regency(2) district(2) birth date DDMMYY (day + 40
 * for women) and a 4-digit serial. Validated by shape and by its embedded date; stored only encrypted, with a
 * keyed hash for duplicate detection. Never logged, never returned to partners.
 */
export function nikProblem(nik: string): string | null {
  if (!/^\d{16}$/.test(nik)) return 'must be exactly 16 digits';
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 99) return 'must start with a province code (11-99)';
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  if (day > 40) day -= 40;
  if (day < 1 || day > 31 || month < 1 || month > 12) return 'has an impossible birth date in digits 7-12';
  if (nik.slice(12) === '0000') return 'has serial 0000, which is never issued';
  return null;
}

export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'rujuk/field-encryption/v1', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'rujuk/lookup-hash/v1', 32));
  }

  /** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const [v, iv, tag, ct] = token.split('.');
    if (v !== 'v1') throw new Error('unknown ciphertext version');
    const d = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** A keyed hash: equal inputs give equal hashes, but the hash reveals nothing without the key. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }
}

/** Masks all but the last four digits, for the case manager's own view. */
export function maskNik(nik: string): string {
  return `${'*'.repeat(12)}${nik.slice(12)}`;
}
