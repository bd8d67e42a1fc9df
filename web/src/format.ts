import i18n from './i18n';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'id-ID');

/** A date and time in the user's language and the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** Time left until `iso` ("3 j 20 m"), or the time past it; negative when past. */
export function countdown(iso: string | null | undefined, now: number): { text: string; past: boolean } {
  if (!iso) return { text: '—', past: false };
  const ms = new Date(iso).getTime() - now;
  const past = ms < 0;
  const mins = Math.floor(Math.abs(ms) / 60000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const parts = [d ? i18n.t('time.days', { count: d }) : '', h ? i18n.t('time.hours', { count: h }) : '', i18n.t('time.minutes', { count: m })]
    .filter(Boolean)
    .slice(0, 2)
    .join(' ');
  return { text: past ? i18n.t('time.ago', { time: parts }) : i18n.t('time.left', { time: parts }), past };
}

/** A value for <input type="datetime-local"> as an ISO instant (browser time zone), or undefined. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The message of a failed request (the API's messages are in the request language). */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'errors' in e && Array.isArray((e as { errors: unknown[] }).errors)) {
    const errs = (e as { errors: { message: string }[] }).errors;
    if (errs.length) return errs.map((x) => x.message).join('; ');
  }
  if (e instanceof Error) return e.message;
  return i18n.t('common.error');
}
