/**
 * The language of what a person reads in a response (matching reasons, criteria, error messages): Indonesian by
 * default, English on request. Codes in responses never change with it.
 */
export type Locale = 'id' | 'en';

export const DEFAULT_LOCALE: Locale = 'id';
const SUPPORTED: readonly Locale[] = ['id', 'en'];

/**
 * The locale an Accept-Language header asks for: the supported language with the highest quality (`q`), the
 * earlier one on a tie; `in` (the old code for Indonesian) counts as `id`. Without a header, or with none of
 * ours in it, Indonesian.
 */
export function localeOf(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.trim().split('-')[0];
    const locale = (primary === 'in' ? 'id' : primary) as Locale;
    if (!SUPPORTED.includes(locale)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

/** The locale of a request (its Accept-Language header). */
export function requestLocale(req: { headers: Record<string, string | string[] | undefined> } | undefined | null): Locale {
  const header = req?.headers?.['accept-language'];
  return localeOf(Array.isArray(header) ? header.join(',') : header);
}
