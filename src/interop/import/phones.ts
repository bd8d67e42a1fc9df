import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers as offices write them, in one format (E.164, +62...). A cell may hold several numbers
 * separated by "/", ";", "," or " atau "/" or " ("(0651) 34565 / (021) 5523507" is two). Pure.
 */
export interface PhoneResult {
  numbers: string[];
  invalid: string[];
}

export function splitPhones(raw: string): string[] {
  return raw
    .split(/\s*(?:[/;,|]|\batau\b|\bor\b|\n)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** One number in E.164, or null when it is not a valid number (Indonesian unless it carries a country code). */
export function normalisePhone(raw: string): string | null {
  const cleaned = raw.replace(/^tel:/i, '').replace(/\s*(ext\.?|ext|x|psw\.?)\s*\d+$/i, '').trim();
  if (!/\d/.test(cleaned)) return null;
  const parsed = parsePhoneNumberFromString(cleaned.replace(/^\+?62\s*\(0\)/, '+62 '), 'ID');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function normalisePhones(raw: string | null | undefined): PhoneResult {
  const numbers: string[] = [];
  const invalid: string[] = [];
  for (const part of splitPhones(raw ?? '')) {
    const n = normalisePhone(part);
    if (n) {
      if (!numbers.includes(n)) numbers.push(n);
    } else invalid.push(part);
  }
  return { numbers, invalid };
}
