/**
 * Region names as offices write them, resolved to official codes (pure; the table is idn-area-data's, as the
 * taxonomy loaded it). Tolerated: case, punctuation and spacing; the prefixes "Kab.", "Kab", "Kabupaten",
 * "Kota", "Kota Adm.", "Kota Administrasi", "Kotamadya", "Kodya", "Provinsi", "Prov."; the old spelling
 * (Ejaan Soewandi: dj -> j, tj -> c, nj -> ny, sj -> sy, ch -> kh, oe -> u, as in "Djakarta", "Tjimahi"); a few
 * province short forms everyone uses (Jabar, Jateng, DIY, NAD, ...). A name that fits two places, or none, is
 * an error that names the candidates.
 */
export interface RegionRow {
  code: string;
  level: 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';
  name: string;
  parentCode: string | null;
}

export interface RegionQuery {
  /** Province name (or code). */
  province?: string | null;
  /** Regency or city name, optionally "name, province" (e.g. "KOTA BANDA ACEH, ACEH"), or a code. */
  regency?: string | null;
  district?: string | null;
  village?: string | null;
  /** An official code at any level; wins over the names, which are then only checked against it. */
  code?: string | null;
}

export type RegionResult =
  | { ok: true; code: string; regencyCode: string | null; provinceCode: string }
  | { ok: false; field: 'province' | 'regency' | 'district' | 'village' | 'regionCode'; rule: string; value: string };

type Kind = 'KAB' | 'KOTA' | null;

interface Entry {
  code: string;
  name: string;
  kind: Kind;
}

const CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

const PROVINCE_ALIASES: Record<string, string> = {
  NAD: 'ACEH', 'NANGGROE ACEH DARUSSALAM': 'ACEH', 'DI ACEH': 'ACEH',
  SUMUT: 'SUMATERA UTARA', SUMBAR: 'SUMATERA BARAT', SUMSEL: 'SUMATERA SELATAN',
  BABEL: 'KEPULAUAN BANGKA BELITUNG', 'BANGKA BELITUNG': 'KEPULAUAN BANGKA BELITUNG', KEPRI: 'KEPULAUAN RIAU',
  JAKARTA: 'DKI JAKARTA', 'DAERAH KHUSUS IBUKOTA JAKARTA': 'DKI JAKARTA', 'DAERAH KHUSUS JAKARTA': 'DKI JAKARTA',
  JABAR: 'JAWA BARAT', JATENG: 'JAWA TENGAH', JATIM: 'JAWA TIMUR',
  DIY: 'DAERAH ISTIMEWA YOGYAKARTA', 'DI YOGYAKARTA': 'DAERAH ISTIMEWA YOGYAKARTA', YOGYAKARTA: 'DAERAH ISTIMEWA YOGYAKARTA',
  JOGJAKARTA: 'DAERAH ISTIMEWA YOGYAKARTA', JOGJA: 'DAERAH ISTIMEWA YOGYAKARTA',
  NTB: 'NUSA TENGGARA BARAT', NTT: 'NUSA TENGGARA TIMUR',
  KALBAR: 'KALIMANTAN BARAT', KALTENG: 'KALIMANTAN TENGAH', KALSEL: 'KALIMANTAN SELATAN', KALTIM: 'KALIMANTAN TIMUR', KALTARA: 'KALIMANTAN UTARA',
  SULUT: 'SULAWESI UTARA', SULTENG: 'SULAWESI TENGAH', SULSEL: 'SULAWESI SELATAN', SULTRA: 'SULAWESI TENGGARA', SULBAR: 'SULAWESI BARAT',
  MALUT: 'MALUKU UTARA', 'IRIAN JAYA': 'PAPUA', 'IRIAN JAYA BARAT': 'PAPUA BARAT', PAPBAR: 'PAPUA BARAT',
};

/** Upper case, letters and digits only, single spaces, old spelling mapped to the current one. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/DJ/g, 'J').replace(/TJ/g, 'C').replace(/NJ/g, 'NY').replace(/SJ/g, 'SY').replace(/CH/g, 'KH').replace(/OE/g, 'U');
}

/** Splits a regency name into its kind (Kabupaten / Kota) and bare name. */
export function splitRegencyName(raw: string): { kind: Kind; name: string } {
  let n = normaliseName(raw);
  const prefixes: [RegExp, Kind][] = [
    [/^KABUPATEN ADMINISTRASI /, 'KAB'], [/^KAB ADM /, 'KAB'], [/^KABUPATEN /, 'KAB'], [/^KAB /, 'KAB'],
    [/^KOTA ADMINISTRASI /, 'KOTA'], [/^KOTA ADM /, 'KOTA'], [/^KOTAMADYA /, 'KOTA'], [/^KODYA /, 'KOTA'], [/^KOTA /, 'KOTA'],
  ];
  for (const [re, kind] of prefixes) {
    if (re.test(n)) {
      n = n.replace(re, '');
      return { kind, name: n };
    }
  }
  return { kind: null, name: n };
}

function bareProvince(raw: string): string {
  const n = normaliseName(raw).replace(/^(PROVINSI|PROPINSI|PROV) /, '');
  return PROVINCE_ALIASES[n] ? normaliseName(PROVINCE_ALIASES[n]) : n;
}

/** Levenshtein distance, bounded: returns max+1 as soon as it must exceed max. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

export class RegionResolver {
  private readonly byCode = new Map<string, RegionRow>();
  private readonly provinces = new Map<string, Entry>();
  /** Bare regency name -> the regencies of that name (Kab. and Kota Bandung share one). */
  private readonly regencies = new Map<string, Entry[]>();
  /** Parent code -> normalised child name -> codes (districts under regencies, villages under districts). */
  private readonly children = new Map<string, Map<string, string[]>>();

  constructor(rows: Iterable<RegionRow>) {
    for (const r of rows) {
      this.byCode.set(r.code, r);
      if (r.level === 'PROVINCE') this.provinces.set(bareProvince(r.name), { code: r.code, name: r.name, kind: null });
      else if (r.level === 'REGENCY') {
        const { kind, name } = splitRegencyName(r.name);
        const list = this.regencies.get(name) ?? [];
        list.push({ code: r.code, name: r.name, kind });
        this.regencies.set(name, list);
      }
    }
  }

  /** Districts and villages by parent, built on the first name below a regency (most files give none). */
  private childIndex(): Map<string, Map<string, string[]>> {
    if (this.children.size) return this.children;
    for (const r of this.byCode.values()) {
      if ((r.level !== 'DISTRICT' && r.level !== 'VILLAGE') || !r.parentCode) continue;
      const map = this.children.get(r.parentCode) ?? new Map<string, string[]>();
      const n = normaliseName(r.name);
      map.set(n, [...(map.get(n) ?? []), r.code]);
      this.children.set(r.parentCode, map);
    }
    return this.children;
  }

  name(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }

  private label(code: string): string {
    return `${this.byCode.get(code)?.name ?? '?'} (${code})`;
  }

  resolveProvince(raw: string): RegionResult {
    const value = raw.trim();
    if (CODE.test(value) && value.length === 2) {
      return this.byCode.has(value) ? { ok: true, code: value, regencyCode: null, provinceCode: value } : { ok: false, field: 'province', rule: 'unknown province code', value };
    }
    const hit = this.provinces.get(bareProvince(value));
    if (hit) return { ok: true, code: hit.code, regencyCode: null, provinceCode: hit.code };
    const near = [...this.provinces.entries()].filter(([n]) => distance(n, bareProvince(value), 2) <= 2).map(([, e]) => this.label(e.code));
    return { ok: false, field: 'province', rule: `unknown province${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`, value };
  }

  resolveRegency(raw: string, provinceRaw?: string | null): RegionResult {
    let value = raw.trim();
    let provinceText = provinceRaw?.trim() || null;
    const comma = value.lastIndexOf(',');
    if (comma > 0) {
      provinceText ??= value.slice(comma + 1).trim() || null;
      value = value.slice(0, comma).trim();
    }
    let province: string | null = null;
    if (provinceText) {
      const p = this.resolveProvince(provinceText);
      if (!p.ok) return p;
      province = p.code;
    }
    if (CODE.test(value) && value.length === 5) {
      if (!this.byCode.has(value)) return { ok: false, field: 'regency', rule: 'unknown regency code', value };
      if (province && !value.startsWith(`${province}.`)) {
        return { ok: false, field: 'regency', rule: `lies in ${this.label(value.slice(0, 2))}, not in ${this.label(province)}`, value };
      }
      return { ok: true, code: value, regencyCode: value, provinceCode: value.slice(0, 2) };
    }
    const { kind, name } = splitRegencyName(value);
    const all = this.regencies.get(name) ?? [];
    const ofKind = kind ? all.filter((e) => e.kind === kind) : all;
    const inProvince = province ? ofKind.filter((e) => e.code.startsWith(`${province}.`)) : ofKind;
    if (inProvince.length === 1) {
      const code = inProvince[0].code;
      return { ok: true, code, regencyCode: code, provinceCode: code.slice(0, 2) };
    }
    if (inProvince.length > 1) {
      return {
        ok: false, field: 'regency', value,
        rule: `ambiguous: ${inProvince.map((e) => this.label(e.code)).join(', ')}; write "Kab." or "Kota"${province ? '' : ' and the province'}`,
      };
    }
    if (province && ofKind.length) {
      return {
        ok: false, field: 'regency', value,
        rule: `not in ${this.label(province)}; ${ofKind.map((e) => `${this.label(e.code)} lies in ${this.label(e.code.slice(0, 2))}`).join(', ')}`,
      };
    }
    const near: string[] = [];
    for (const [n, entries] of this.regencies) {
      if (distance(n, name, 2) <= 2) for (const e of entries) if (!province || e.code.startsWith(`${province}.`)) near.push(this.label(e.code));
    }
    return { ok: false, field: 'regency', rule: `unknown regency or city${near.length ? `; did you mean ${near.slice(0, 5).join(' or ')}?` : ''}`, value };
  }

  private child(parent: string, raw: string, field: 'district' | 'village'): RegionResult {
    const value = raw.trim();
    if (CODE.test(value)) {
      const row = this.byCode.get(value);
      if (!row || row.level !== (field === 'district' ? 'DISTRICT' : 'VILLAGE')) return { ok: false, field, rule: `unknown ${field} code`, value };
      if (row.parentCode !== parent) return { ok: false, field, rule: `does not lie in ${this.label(parent)}`, value };
      return this.at(value);
    }
    const n = normaliseName(value).replace(field === 'district' ? /^(KECAMATAN|KEC|DISTRIK) / : /^(KELURAHAN|KEL|DESA|DS|GAMPONG|NAGARI) /, '');
    const codes = this.childIndex().get(parent)?.get(n) ?? [];
    if (codes.length === 1) return this.at(codes[0]);
    if (codes.length > 1) return { ok: false, field, rule: `ambiguous: ${codes.map((c) => this.label(c)).join(', ')}; give the region code`, value };
    const near = [...(this.childIndex().get(parent) ?? new Map<string, string[]>()).entries()]
      .filter(([k]) => distance(k, n, 2) <= 2).flatMap(([, cs]) => cs).slice(0, 5).map((c) => this.label(c));
    return { ok: false, field, rule: `unknown ${field} in ${this.label(parent)}${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`, value };
  }

  private at(code: string): RegionResult & { ok: true } {
    return { ok: true, code, regencyCode: code.length >= 5 ? code.slice(0, 5) : null, provinceCode: code.slice(0, 2) };
  }

  /** The most precise place the names (or the code) give, checked level by level. */
  resolve(q: RegionQuery): RegionResult {
    const code = q.code?.trim();
    if (code) {
      if (!CODE.test(code) || !this.byCode.has(code)) return { ok: false, field: 'regionCode', rule: 'unknown region code', value: code };
      const at = this.at(code);
      if (q.regency?.trim()) {
        const r = this.resolveRegency(q.regency, q.province);
        if (r.ok && r.regencyCode !== at.regencyCode) return { ok: false, field: 'regionCode', rule: `does not lie in ${this.label(r.code)}`, value: code };
      } else if (q.province?.trim()) {
        const p = this.resolveProvince(q.province);
        if (p.ok && p.code !== at.provinceCode) return { ok: false, field: 'regionCode', rule: `does not lie in ${this.label(p.code)}`, value: code };
      }
      return at;
    }
    if (!q.regency?.trim()) {
      if (q.province?.trim()) return this.resolveProvince(q.province);
      return { ok: false, field: 'regency', rule: 'is required (a regency or city name, or a region code)', value: '' };
    }
    let place = this.resolveRegency(q.regency, q.province);
    if (!place.ok) return place;
    if (q.district?.trim()) {
      place = this.child(place.code, q.district, 'district');
      if (!place.ok) return place;
      if (q.village?.trim()) place = this.child(place.code, q.village, 'village');
    }
    return place;
  }
}

/** Indonesia's extent (Sabang to Merauke, Miangas to Rote), with a margin of a few km. */
export const INDONESIA_BOUNDS = { minLat: -11.2, maxLat: 6.3, minLon: 94.7, maxLon: 141.1 };

/** The time zone of a province: WIT for Maluku and Papua, WITA for Bali, Nusa Tenggara, southern/eastern Kalimantan and Sulawesi. */
export function timeZoneOfProvince(provinceCode: string): 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura' {
  const p = Number(provinceCode);
  if (p >= 81) return 'Asia/Jayapura';
  if ((p >= 51 && p <= 53) || (p >= 63 && p <= 76)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}
