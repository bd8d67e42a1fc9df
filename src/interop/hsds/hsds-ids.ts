import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 4122 version 5) for the HSDS records Rujuk keeps no row of their own for (an
 * organisation's phones and identifiers, a service's languages, areas and documents, the taxonomy terms): the
 * same record gets the same id in every export, so a consumer can upsert by id.
 */
const NAMESPACE = Buffer.from('6f1d1a52-2f0e-5b8a-9c3e-72756a756b00'.replace(/-/g, ''), 'hex');

export function stableId(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f')).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
