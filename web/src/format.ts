import i18n from './i18n';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'id-ID');

/**
 * Dates and times are shown in the browser's time zone (an office in Makassar sees WITA, one in Jayapura WIT),
 * in the user's language: "6 Mei 2031, 09.30". Where the hour matters to someone else (deadlines, appointments,
 * follow-ups due) the zone is written after it ("09.30 WIB"). Formatters are built once per language: building
 * an Intl.DateTimeFormat costs far more than formatting with one.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'dateTime' | 'dateTimeZone' | 'date' | 'calendarDate'): Intl.DateTimeFormat {
  const key = `${kind}:${locale()}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' }
        : kind === 'dateTimeZone' ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }
          : kind === 'date' ? { dateStyle: 'medium' }
            // A calendar date ("1990-04-04") is no instant: shown as written, whatever the browser's zone.
            : { dateStyle: 'medium', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(locale(), opts);
    formatters.set(key, f);
  }
  return f;
}

/** A date and time in the user's language and the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatter('dateTime').format(new Date(iso));
}

/** As formatDateTime, with the time zone written after the time ("6 Mei 2031, 09.30 WIB"). */
export function formatDateTimeZone(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatter('dateTimeZone').format(new Date(iso));
}

/** The browser's time zone as the console writes it after times ("WIB", "WITA", "WIT", "GMT+1"). */
export function zoneName(at = new Date()): string {
  return formatter('dateTimeZone').formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** A date: a calendar date ("YYYY-MM-DD") as written, an instant in the browser's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatter(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'calendarDate' : 'date').format(new Date(iso));
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

/** A value of <input type="datetime-local"> (a wall-clock time in the browser's zone, the zone shown with it) as an ISO instant, or undefined. */
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
