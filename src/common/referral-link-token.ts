import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Single-referral links for partners without an account: `<linkId>.<mac>` where mac = HMAC-SHA256(key, linkId)
 * in base64url and the key is derived from the signing secret. No raw token is stored anywhere: the
 * referral_link row keeps only SHA-256(mac), notifications carry the link id, and the e-mail job computes the
 * token from the id when it renders the message. Pure: the referrals feature (links) and the notifications
 * feature (e-mail, SMS) share it.
 */
export class ReferralLinkTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`rujuk-referral-link:${secret}`).digest();
  }

  private mac(linkId: string): string {
    return createHmac('sha256', this.key).update(linkId).digest('base64url');
  }

  /** The token of a link. */
  tokenFor(linkId: string): string {
    return `${linkId}.${this.mac(linkId)}`;
  }

  /** What the table stores of a link's token: SHA-256 of its MAC (hex). */
  hashFor(linkId: string): string {
    return createHash('sha256').update(this.mac(linkId)).digest('hex');
  }

  /** The link id and stored hash a token names, or null when it is not one of ours (checked in constant time). */
  parse(token: unknown): { linkId: string; hash: string } | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const expected = Buffer.from(this.mac(m[1]));
    const given = Buffer.from(m[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { linkId: m[1], hash: createHash('sha256').update(m[2]).digest('hex') };
  }
}
