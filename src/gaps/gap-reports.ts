/**
 * The CSV exports' columns: a header in Indonesian (default) and English, and the SQL that renders the value as the
 * reader may see it (counts 1-4 hidden by the same rule the GraphQL API applies, gap-access.ts). PostgreSQL renders
 * the rows (COPY ... FORMAT csv quotes separators, quotes and line breaks); text that a spreadsheet would take for a
 * formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with a quote, as papaparse's
 * escapeFormulae does for the header.
 */
import Papa from 'papaparse';
import type { Locale } from '../common/locale';
import { hiddenSql, shownCountSql } from './gap-access';
import { DECLINE_COLUMNS, OUTCOME_COLUMNS } from './gap-analysis.sql';

export interface CsvColumn {
  id: string;
  en: string;
  /** The value's SQL over the export's row; `exact` is a boolean SQL expression: may the reader see small counts. */
  sql: (exact: string) => string;
}

/** Text that could be read as a formula, neutralised with a leading quote (SQL). */
export function csvTextSql(expression: string): string {
  return `CASE WHEN (${expression}) ~ '^[=+\\-@\\t\\r]' THEN '''' || (${expression}) ELSE (${expression}) END`;
}

const text = (expression: string) => () => csvTextSql(expression);
const plain = (expression: string) => () => expression;
const shown = (expression: string) => (exact: string) => shownCountSql(expression, exact);
/** A rate or time computed from `base`, empty when `base` is hidden. */
const unlessHidden = (expression: string, base: string) => (exact: string) => `CASE WHEN ${hiddenSql(base, exact)} THEN NULL ELSE ${expression} END`;

/** Over a snapshot cell (c), its run (g), its region (r) and the names of its category (nc) and service type (st). */
export const GAP_CSV_COLUMNS: CsvColumn[] = [
  { id: 'Waktu snapshot', en: 'Snapshot time', sql: plain(`to_char(g.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`) },
  { id: 'Tingkat wilayah', en: 'Region level', sql: plain('c.level') },
  { id: 'Kode wilayah', en: 'Region code', sql: plain('c.region_code') },
  { id: 'Nama wilayah', en: 'Region name', sql: text('r.name') },
  { id: 'Kode kategori kebutuhan', en: 'Need category code', sql: plain('c.need_category') },
  { id: 'Kategori kebutuhan', en: 'Need category', sql: text('nc.name') },
  { id: 'Kode jenis layanan', en: 'Service type code', sql: plain('c.service_type') },
  { id: 'Jenis layanan', en: 'Service type', sql: text('st.name') },
  { id: 'Tingkat kesenjangan', en: 'Gap level', sql: plain('c.gap_level') },
  { id: 'Alasan', en: 'Reason', sql: text('c.gap_reason') },
  { id: 'Kebutuhan', en: 'Needs', sql: shown('c.needs') },
  { id: 'Kebutuhan terbuka', en: 'Open needs', sql: shown('c.open_needs') },
  { id: 'Kebutuhan tanpa layanan yang cocok', en: 'Needs without an eligible service', sql: shown('c.unmatched_needs') },
  { id: 'Rujukan dikirim', en: 'Referrals sent', sql: shown('c.referrals_sent') },
  { id: 'Rujukan diterima', en: 'Accepted', sql: shown('c.accepted') },
  { id: 'Rujukan ditolak', en: 'Declined', sql: shown('c.declined') },
  { id: 'Ditolak karena layanan', en: 'Declined for supply reasons', sql: shown('c.supply_declines') },
  { id: 'Ditolak karena kapasitas penuh', en: 'Declined for no capacity', sql: shown('c.capacity_declines') },
  { id: 'Rujukan kedaluwarsa', en: 'Expired', sql: shown('c.expired') },
  { id: 'Layanan aktif yang menjangkau', en: 'Covering active services', sql: plain('c.covering_services') },
  { id: 'Kapasitas tersedia', en: 'Available capacity', sql: plain('c.capacity_available') },
  { id: 'Kapasitas maksimum', en: 'Maximum capacity', sql: plain('c.capacity_maximum') },
  { id: 'Tingkat penerimaan', en: 'Acceptance rate', sql: unlessHidden('c.acceptance_rate::float8', 'c.decided') },
  { id: 'Median jam hingga diterima', en: 'Median hours to acceptance', sql: unlessHidden('c.median_accept_hours::float8', 'c.accepted') },
  { id: 'P90 jam hingga diterima', en: 'P90 hours to acceptance', sql: unlessHidden('c.p90_accept_hours::float8', 'c.accepted') },
];

const DECLINE_ID: Record<string, string> = {
  NO_CAPACITY: 'kapasitas penuh', NOT_ELIGIBLE: 'tidak memenuhi syarat', OUTSIDE_SERVICE_AREA: 'di luar wilayah layanan',
  SERVICE_NOT_OFFERED: 'layanan tidak tersedia', CLIENT_UNREACHABLE: 'klien tidak dapat dihubungi', CLIENT_DECLINED: 'klien menolak',
  DUPLICATE: 'duplikat', OTHER: 'lainnya',
};
const OUTCOME_ID: Record<string, string> = { NEED_MET: 'kebutuhan terpenuhi', PARTIALLY_MET: 'terpenuhi sebagian', NOT_MET: 'tidak terpenuhi' };
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');

/** Over a row (m) of the network metrics statement, kind SERVICE. */
export const REFERRAL_CSV_COLUMNS: CsvColumn[] = [
  { id: 'ID organisasi', en: 'Organisation id', sql: plain('m."organizationId"') },
  { id: 'Organisasi', en: 'Organisation', sql: text('m."organizationName"') },
  { id: 'ID layanan', en: 'Service id', sql: plain('m."serviceId"') },
  { id: 'Layanan', en: 'Service', sql: text('m."serviceName"') },
  { id: 'Rujukan dikirim', en: 'Referrals sent', sql: shown('m.sent') },
  { id: 'Rujukan diterima', en: 'Accepted', sql: shown('m.accepted') },
  { id: 'Rujukan ditolak', en: 'Declined', sql: shown('m.declined') },
  ...DECLINE_COLUMNS.map((d) => ({ id: `Ditolak: ${DECLINE_ID[d.reason]}`, en: `Declined: ${words(d.reason)}`, sql: shown(`m.${d.column}`) })),
  { id: 'Rujukan kedaluwarsa', en: 'Expired', sql: shown('m.expired') },
  { id: 'Menunggu jawaban', en: 'Awaiting an answer', sql: shown('m.pending') },
  { id: 'Selesai', en: 'Completed', sql: shown('m.completed') },
  ...OUTCOME_COLUMNS.map((o) => ({ id: `Selesai: ${OUTCOME_ID[o.outcome]}`, en: `Completed: ${words(o.outcome)}`, sql: shown(`m.${o.column}`) })),
  { id: 'Tingkat penerimaan', en: 'Acceptance rate', sql: unlessHidden('m."acceptanceRate"', 'm.accepted + m.declined + m.expired') },
  { id: 'Median jam hingga diterima', en: 'Median hours to acceptance', sql: unlessHidden('m."medianHoursToAccept"', 'm.accepted') },
  { id: 'P90 jam hingga diterima', en: 'P90 hours to acceptance', sql: unlessHidden('m."p90HoursToAccept"', 'm.accepted') },
];

/** The SELECT list of an export. */
export function csvSelect(columns: CsvColumn[], exact: string): string {
  return columns.map((c) => c.sql(exact)).join(',\n  ');
}

/** The header line (with a byte order mark, so spreadsheet programs read the file as UTF-8). */
export function csvHeader(columns: CsvColumn[], locale: Locale): string {
  return `\uFEFF${Papa.unparse([columns.map((c) => c[locale])], { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

/** `?lang=en|id` first, then Accept-Language. */
export function csvLocale(lang: unknown, fromHeader: Locale): Locale {
  return lang === 'en' || lang === 'id' ? lang : fromHeader;
}
