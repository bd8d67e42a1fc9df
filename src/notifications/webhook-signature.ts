/**
 * Webhook signing, pure. Receivers recompute HMAC-SHA256 over the raw request body with their secret and
 * compare with `X-Rujuk-Signature: sha256=<hex>` in constant time; `X-Rujuk-Delivery` is the delivery id
 * (the same on every retry of one delivery) so they can drop repeats.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Rujuk-Signature';
export const DELIVERY_HEADER = 'X-Rujuk-Delivery';
export const EVENT_HEADER = 'X-Rujuk-Event';

export function signBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** 32 random bytes, base64url: the secret shown once to the organisation's admin. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Whether a webhook URL is acceptable: absolute http(s), https only unless plain http is allowed
 * (development and tests), no credentials in it. Returns the broken rule, or null.
 */
export function webhookUrlProblem(raw: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'must use http or https' : 'must use https';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (raw.length > 2000) return 'must be at most 2000 characters';
  return null;
}

/**
 * Whether a failed HTTP answer is worth retrying: server errors, timeouts, throttling yes; other client
 * errors (the receiver refuses the message as such) no.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}
