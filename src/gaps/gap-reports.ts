/**
 * The CSV exports' columns: a header in Indonesian (default) and English, and the value of a shown row (counts
 * already suppressed by the same functions the GraphQL API uses). Rendering uses papaparse, which quotes
 * separators, quotes and line breaks and neutralises formula-like text (a cell starting with =, +, - or @).
 */
import Papa from 'papaparse';
import type { Locale } from '../common/locale';
import type { ShownCount } from './gap-access';
import { DECLINE_COLUMNS, OUTCOME_COLUMNS } from './gap-analysis.sql';
import type { ReferralMetricsType, ServiceGapType } from './gaps.types';

export interface CsvColumn<R> {
  id: string;
  en: string;
  value: (row: R) => string | number | null;
}

const shown = (c: ShownCount) => c.display;

export type GapCsvRow = ServiceGapType & { needCategoryName: string | null; serviceTypeName: string | null };

/** A time as ISO 8601; every row of a snapshot has the same, so the last one is kept. */
let lastTime: { at: number; iso: string } | null = null;
function isoTime(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (lastTime?.at !== ms) lastTime = { at: ms, iso: new Date(ms).toISOString() };
  return lastTime.iso;
}

export const GAP_CSV_COLUMNS: CsvColumn<GapCsvRow>[] = [
  { id: 'Waktu snapshot', en: 'Snapshot time', value: (r) => isoTime(r.asOf) },
  { id: 'Tingkat wilayah', en: 'Region level', value: (r) => r.level },
  { id: 'Kode wilayah', en: 'Region code', value: (r) => r.regionCode },
  { id: 'Nama wilayah', en: 'Region name', value: (r) => r.regionName },
  { id: 'Kode kategori kebutuhan', en: 'Need category code', value: (r) => r.needCategory },
  { id: 'Kategori kebutuhan', en: 'Need category', value: (r) => r.needCategoryName },
  { id: 'Kode jenis layanan', en: 'Service type code', value: (r) => r.serviceType },
  { id: 'Jenis layanan', en: 'Service type', value: (r) => r.serviceTypeName },
  { id: 'Tingkat kesenjangan', en: 'Gap level', value: (r) => r.gapLevel },
  { id: 'Alasan', en: 'Reason', value: (r) => r.gapReason },
  { id: 'Kebutuhan', en: 'Needs', value: (r) => shown(r.needs) },
  { id: 'Kebutuhan terbuka', en: 'Open needs', value: (r) => shown(r.openNeeds) },
  { id: 'Kebutuhan tanpa layanan yang cocok', en: 'Needs without an eligible service', value: (r) => shown(r.unmatchedNeeds) },
  { id: 'Rujukan dikirim', en: 'Referrals sent', value: (r) => shown(r.referralsSent) },
  { id: 'Rujukan diterima', en: 'Accepted', value: (r) => shown(r.accepted) },
  { id: 'Rujukan ditolak', en: 'Declined', value: (r) => shown(r.declined) },
  { id: 'Ditolak karena layanan', en: 'Declined for supply reasons', value: (r) => shown(r.supplyDeclines) },
  { id: 'Ditolak karena kapasitas penuh', en: 'Declined for no capacity', value: (r) => shown(r.capacityDeclines) },
  { id: 'Rujukan kedaluwarsa', en: 'Expired', value: (r) => shown(r.expired) },
  { id: 'Layanan aktif yang menjangkau', en: 'Covering active services', value: (r) => r.coveringServices },
  { id: 'Kapasitas tersedia', en: 'Available capacity', value: (r) => r.capacityAvailable },
  { id: 'Kapasitas maksimum', en: 'Maximum capacity', value: (r) => r.capacityMaximum },
  { id: 'Tingkat penerimaan', en: 'Acceptance rate', value: (r) => r.acceptanceRate },
  { id: 'Median jam hingga diterima', en: 'Median hours to acceptance', value: (r) => r.medianHoursToAccept },
  { id: 'P90 jam hingga diterima', en: 'P90 hours to acceptance', value: (r) => r.p90HoursToAccept },
];

const DECLINE_ID: Record<string, string> = {
  NO_CAPACITY: 'kapasitas penuh', NOT_ELIGIBLE: 'tidak memenuhi syarat', OUTSIDE_SERVICE_AREA: 'di luar wilayah layanan',
  SERVICE_NOT_OFFERED: 'layanan tidak tersedia', CLIENT_UNREACHABLE: 'klien tidak dapat dihubungi', CLIENT_DECLINED: 'klien menolak',
  DUPLICATE: 'duplikat', OTHER: 'lainnya',
};
const OUTCOME_ID: Record<string, string> = { NEED_MET: 'kebutuhan terpenuhi', PARTIALLY_MET: 'terpenuhi sebagian', NOT_MET: 'tidak terpenuhi' };
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');

export type ReferralCsvRow = ReferralMetricsType;

export const REFERRAL_CSV_COLUMNS: CsvColumn<ReferralCsvRow>[] = [
  { id: 'ID organisasi', en: 'Organisation id', value: (r) => r.organizationId },
  { id: 'Organisasi', en: 'Organisation', value: (r) => r.organizationName },
  { id: 'ID layanan', en: 'Service id', value: (r) => r.serviceId },
  { id: 'Layanan', en: 'Service', value: (r) => r.serviceName },
  { id: 'Rujukan dikirim', en: 'Referrals sent', value: (r) => shown(r.sent) },
  { id: 'Rujukan diterima', en: 'Accepted', value: (r) => shown(r.accepted) },
  { id: 'Rujukan ditolak', en: 'Declined', value: (r) => shown(r.declined) },
  ...DECLINE_COLUMNS.map((d, i) => ({
    id: `Ditolak: ${DECLINE_ID[d.reason]}`, en: `Declined: ${words(d.reason)}`,
    value: (r: ReferralCsvRow) => shown(r.declinedByReason[i].count),
  })),
  { id: 'Rujukan kedaluwarsa', en: 'Expired', value: (r) => shown(r.expired) },
  { id: 'Menunggu jawaban', en: 'Awaiting an answer', value: (r) => shown(r.pending) },
  { id: 'Selesai', en: 'Completed', value: (r) => shown(r.completed) },
  ...OUTCOME_COLUMNS.map((o, i) => ({
    id: `Selesai: ${OUTCOME_ID[o.outcome]}`, en: `Completed: ${words(o.outcome)}`,
    value: (r: ReferralCsvRow) => shown(r.completedByOutcome[i].count),
  })),
  { id: 'Tingkat penerimaan', en: 'Acceptance rate', value: (r) => r.acceptanceRate },
  { id: 'Median jam hingga diterima', en: 'Median hours to acceptance', value: (r) => r.medianHoursToAccept },
  { id: 'P90 jam hingga diterima', en: 'P90 hours to acceptance', value: (r) => r.p90HoursToAccept },
];

const CSV = { newline: '\r\n', escapeFormulae: true } as const;

/** The header line (with a byte order mark, so spreadsheet programs read the file as UTF-8). */
export function csvHeader<R>(columns: CsvColumn<R>[], locale: Locale): string {
  return `\uFEFF${Papa.unparse([columns.map((c) => c[locale])], CSV)}\r\n`;
}

/** Text papaparse (escapeFormulae) prefixes with a quote: it starts like a formula. */
const FORMULA = /^[=+\-@\t\r].*$/;
/** Text that must be quoted: a separator, a quote, a line break or a byte order mark in it. */
const NEEDS_QUOTES = /[",\r\n\uFEFF]/;

/**
 * One field, exactly as `Papa.unparse` with CSV writes it (formula-like text quoted and prefixed with ', quotes
 * doubled, fields with separators, quotes, line breaks or leading/trailing spaces quoted), without its per-call
 * setup: the exports write tens of thousands of rows of 25 fields.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  let text = v;
  let quoted = false;
  if (FORMULA.test(text)) {
    text = `'${text}`;
    quoted = true;
  }
  if (quoted || NEEDS_QUOTES.test(text) || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The lines of some rows. */
export function csvLines<R>(columns: CsvColumn<R>[], rows: R[]): string {
  if (!rows.length) return '';
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + csvField(columns[i].value(r));
    out += `${line}\r\n`;
  }
  return out;
}

/** `?lang=en|id` first, then Accept-Language. */
export function csvLocale(lang: unknown, fromHeader: Locale): Locale {
  return lang === 'en' || lang === 'id' ? lang : fromHeader;
}
