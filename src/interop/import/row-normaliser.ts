import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { createHash } from 'node:crypto';
import { AppError } from '../../common/app-error';
import type { ImportedLocation, ImportedService } from '../../directory/directory-import.types';
import { CreateLocationInput, CreateOrganizationInput, ServiceFieldsInput } from '../../directory/dto/directory.inputs';
import { validateSchedules } from '../../directory/locations.service';
import type { ServiceStatus } from '../../directory/service.entity';
import type { Identifier } from '../../directory/organization.entity';
import { normalisePhones } from './phones';
import { INDONESIA_BOUNDS, normaliseName, RegionResolver, RegionResult, timeZoneOfProvince } from './region-resolver';
import type { NormalisedRow, Raw, RowIssue, SourceRow } from './import-record';

/** A catalogue entry: its code and the names a file may use for it. */
export interface Labelled {
  code: string;
  nameId?: string | null;
  nameEn?: string | null;
}

export interface NormaliserContext {
  regions: RegionResolver;
  needCategories: Labelled[];
  serviceTypes: Labelled[];
  partnerKinds: Labelled[];
}

/** The partner kind of an organisation whose file names none. */
export const DEFAULT_PARTNER_KIND = 'LAINNYA';

const NIL_UUID = '00000000-0000-4000-8000-000000000000';

export function text(v: Raw): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\s+/g, ' ').trim();
  return s === '' || s === '-' ? null : s;
}

/** A number from a cell: "−6,9175", "-6.9175", " 115.1 " (comma decimals and a Unicode minus tolerated). */
export function parseNumber(v: Raw): number | null | 'invalid' {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'invalid';
  const s = text(v);
  if (s === null) return null;
  const cleaned = s.replace(/\u2212/g, '-').replace(/\s/g, '');
  const normalised = /^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(',', '.') : cleaned;
  if (!/^[-+]?\d+(\.\d+)?$/.test(normalised)) return 'invalid';
  return Number(normalised);
}

const YES = new Set(['TRUE', 'YES', 'Y', 'YA', '1', 'RAHASIA', 'CONFIDENTIAL']);
const NO = new Set(['FALSE', 'NO', 'N', 'TIDAK', 'T', '0', 'BUKAN']);

/** A yes/no cell (empty: no). */
export function flag(v: Raw): boolean | 'invalid' {
  if (typeof v === 'boolean') return v;
  const s = text(v);
  if (s === null) return false;
  const key = s.toUpperCase();
  return YES.has(key) ? true : NO.has(key) ? false : 'invalid';
}

/** A list cell: "KONSELING; Bantuan Hukum, rujukan" -> three labels. */
export function splitList(v: Raw | Raw[] | undefined): string[] {
  const parts = Array.isArray(v) ? v : [v];
  return parts.flatMap((p) => (text(p) ?? '').split(/\s*[;,|/\n]\s*/)).map((s) => s.trim()).filter(Boolean);
}

function digest(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/** Maps labels (codes, Indonesian or English names; any case and spacing) to catalogue codes. */
export class LabelMap {
  private readonly byKey = new Map<string, string>();
  constructor(entries: Labelled[]) {
    for (const e of entries) {
      for (const label of [e.code, e.code.replace(/_/g, ' '), e.nameId, e.nameEn]) if (label) this.byKey.set(normaliseName(label), e.code);
    }
  }
  get(label: string): string | undefined {
    return this.byKey.get(normaliseName(label));
  }
}

/** The first class-validator problem, named as the report names fields. */
function problems(errors: ValidationError[], prefix: string, skip: string[] = []): { field: string; rule: string }[] {
  const out: { field: string; rule: string }[] = [];
  for (const e of errors) {
    if (skip.includes(e.property)) continue;
    const field = `${prefix}.${e.property}`;
    if (e.constraints) for (const rule of Object.values(e.constraints)) out.push({ field, rule: rule.startsWith(`${e.property} `) ? rule.slice(e.property.length + 1) : rule });
    out.push(...problems(e.children ?? [], field));
  }
  return out;
}

/**
 * Results of a pure function by key, kept for the rows that repeat them (an organisation's rows repeat its
 * fields, its place, its phones). Emptied when full, so memory stays bounded on any file.
 */
class Memo<T> {
  private readonly values = new Map<string, T>();
  constructor(private readonly max = 4096) {}
  get(key: string, make: () => T): T {
    let v = this.values.get(key);
    if (v === undefined && !this.values.has(key)) {
      if (this.values.size >= this.max) this.values.clear();
      v = make();
      this.values.set(key, v);
    }
    return v as T;
  }
}

/** The class-validator problems of a plain input (the GraphQL input's rules), by the input's JSON. */
function inputProblems<T extends object>(memo: Memo<{ field: string; rule: string }[]>, cls: new () => T, plain: Record<string, unknown>, prefix: string, skip: string[] = []) {
  return memo.get(`${cls.name}\u0000${prefix}\u0000${JSON.stringify(plain)}`, () => problems(validateSync(plainToInstance(cls, plain)), prefix, skip));
}

function websiteValue(v: string | null): string | null {
  if (!v) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || !/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(v) ? v : `http://${v}`;
}

const STATUS: Record<string, ServiceStatus> = {
  ACTIVE: 'ACTIVE', AKTIF: 'ACTIVE', INACTIVE: 'INACTIVE', 'TIDAK AKTIF': 'INACTIVE', NONAKTIF: 'INACTIVE',
  DEFUNCT: 'DEFUNCT', TUTUP: 'DEFUNCT', 'TEMPORARILY CLOSED': 'TEMPORARILY_CLOSED', 'TUTUP SEMENTARA': 'TEMPORARILY_CLOSED',
};

/**
 * Turns one source row into directory records, or the list of what is wrong with it. Every rule the GraphQL
 * mutations apply is applied by the same code (the input classes' validators, the schedule rule); regions by
 * name, phones, coordinates and labels are this module's own.
 */
export class RowNormaliser {
  private readonly categories: LabelMap;
  private readonly types: LabelMap;
  private readonly kinds: LabelMap;
  private readonly places = new Memo<RegionResult>();
  private readonly phones = new Memo<ReturnType<typeof normalisePhones>>();
  private readonly inputs = new Memo<{ field: string; rule: string }[]>();

  constructor(private readonly ctx: NormaliserContext) {
    this.categories = new LabelMap(ctx.needCategories);
    this.types = new LabelMap(ctx.serviceTypes);
    this.kinds = new LabelMap(ctx.partnerKinds);
  }

  normalise(row: SourceRow): { row: NormalisedRow | null; issues: RowIssue[] } {
    const issues: RowIssue[] = [];
    const issue = (field: string, rule: string, value: Raw | Raw[]) => {
      const v = Array.isArray(value) ? value.map((x) => text(x) ?? '').join('; ') : text(value);
      issues.push({ line: row.line, field, rule, value: v === null ? null : v.slice(0, 300) });
    };
    const o = row.organization;
    const s = row.service;

    // Locations first: the organisation's place and the service's default area come from them.
    const locations: ImportedLocation[] = [];
    const locationPlaces: (RegionResult & { ok: true })[] = [];
    row.locations.forEach((l, i) => {
      const f = row.locations.length > 1 ? `location[${i}]` : 'location';
      const query = { province: text(l.province), regency: text(l.regency), district: text(l.district), village: text(l.village), code: text(l.regionCode) };
      const place = this.places.get(JSON.stringify(query), () => this.ctx.regions.resolve(query));
      if (!place.ok) {
        issue(`${f}.${place.field}`, place.rule, place.value);
        return;
      }
      locationPlaces.push(place);
      const lat = parseNumber(l.latitude);
      const lon = parseNumber(l.longitude);
      let latitude: number | null = null;
      let longitude: number | null = null;
      if (lat === 'invalid') issue(`${f}.latitude`, 'must be a number', l.latitude);
      if (lon === 'invalid') issue(`${f}.longitude`, 'must be a number', l.longitude);
      if (typeof lat === 'number' && typeof lon === 'number') {
        if (lat < INDONESIA_BOUNDS.minLat || lat > INDONESIA_BOUNDS.maxLat || lon < INDONESIA_BOUNDS.minLon || lon > INDONESIA_BOUNDS.maxLon) {
          issue(`${f}.latitude`, `coordinates ${lat}, ${lon} lie outside Indonesia (latitude ${INDONESIA_BOUNDS.minLat} to ${INDONESIA_BOUNDS.maxLat}, longitude ${INDONESIA_BOUNDS.minLon} to ${INDONESIA_BOUNDS.maxLon}; latitude and longitude swapped?)`, `${lat}, ${lon}`);
        } else {
          latitude = lat;
          longitude = lon;
        }
      } else if ((typeof lat === 'number') !== (typeof lon === 'number') && lat !== 'invalid' && lon !== 'invalid') {
        issue(`${f}.${lat === null ? 'latitude' : 'longitude'}`, 'latitude and longitude go together', lat ?? lon);
      }
      const address = text(l.address);
      const name = text(l.name) ?? address ?? this.ctx.regions.name(place.code) ?? place.code;
      const postal = text(l.postalCode);
      const schedules = (l.schedules ?? []).map((sc) => ({
        weekday: Number(sc.weekday), opensAt: String(text(sc.opensAt) ?? '').slice(0, 5), closesAt: String(text(sc.closesAt) ?? '').slice(0, 5),
      }));
      const input = {
        organizationId: NIL_UUID, name: name.slice(0, 300), description: text(l.description) ?? undefined, addressLine: address ?? undefined,
        postalCode: postal ?? undefined, regionCode: place.code, latitude: latitude ?? undefined, longitude: longitude ?? undefined, schedules,
      };
      for (const p of inputProblems(this.inputs, CreateLocationInput, input, f, ['organizationId'])) issue(p.field, p.rule, (l as Record<string, Raw>)[p.field.split('.').pop()!] ?? null);
      try {
        validateSchedules(schedules, `${f}.schedules`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        issue(String(err.details.field), String(err.details.rule), null);
      }
      const confidential = flag(l.confidential);
      if (confidential === 'invalid') issue(`${f}.confidential`, 'must be yes or no (ya/tidak, true/false, 1/0)', l.confidential);
      const locId = text(l.id);
      locations.push({
        key: { scheme: row.scheme, identifier: '' }, name: name.slice(0, 300), description: text(l.description), addressLine: address,
        postalCode: postal, regionCode: place.code, latitude, longitude, timeZone: timeZoneOfProvince(place.provinceCode), schedules,
        confidential: confidential === true,
        ...(locId ? { key: { scheme: row.scheme, identifier: locId } } : {}),
      });
    });

    // The organisation.
    const orgName = text(o.name);
    if (!orgName) issue('organization.name', 'is required', o.name);
    const orgRegion = locationPlaces[0]?.regencyCode ?? locationPlaces[0]?.code ?? null;
    const phoneText = (o.phones ?? []).map((p) => text(p) ?? '').filter(Boolean).join(' / ');
    const orgPhones = this.phones.get(phoneText, () => normalisePhones(phoneText));
    for (const bad of orgPhones.invalid) issue('organization.phone', 'is not a valid phone number', bad);
    const kindLabel = text(o.partnerKind);
    const partnerKind = kindLabel ? this.kinds.get(kindLabel) : DEFAULT_PARTNER_KIND;
    if (!partnerKind) issue('organization.partnerKind', `unknown partner kind (one of ${this.ctx.partnerKinds.map((k) => k.code).join(', ')})`, kindLabel);
    const email = text(o.email);
    const website = websiteValue(text(o.website));
    const otherIdentifiers: Identifier[] = (o.identifiers ?? [])
      .map((x) => ({ scheme: text(x.scheme) ?? '', identifier: text(x.identifier) ?? '' }))
      .filter((x) => x.scheme && x.identifier && x.scheme !== row.scheme);
    const orgInput = {
      name: orgName ?? 'x'.repeat(2), partnerKind: partnerKind ?? DEFAULT_PARTNER_KIND, regionCode: orgRegion ?? '00',
      description: text(o.description) ?? undefined, email: email ?? undefined, website: website ?? undefined,
      phones: orgPhones.numbers.map((number) => ({ number })), legalStatus: text(o.legalStatus) ?? undefined,
      identifiers: otherIdentifiers,
    };
    for (const p of inputProblems(this.inputs, CreateOrganizationInput, orgInput, 'organization')) {
      const key = p.field.split('.')[1];
      issue(p.field, p.rule, key === 'email' ? email : key === 'website' ? website : key === 'name' ? orgName : null);
    }

    // The service.
    const serviceName = text(s.name);
    if (!serviceName) issue('service.name', 'is required', s.name);
    const unmapped: string[] = [];
    const needCategories: string[] = [];
    const serviceTypes: string[] = [];
    // A label is looked up in its own column's catalogue first, then in the other (HSDS attributes carry both).
    const place = (label: string, first: 'category' | 'type') => {
      const category = this.categories.get(label);
      const type = this.types.get(label);
      if (first === 'category' ? category : !type && category) needCategories.push(category!);
      else if (type) serviceTypes.push(type);
      else unmapped.push(label);
    };
    for (const label of splitList(s.needCategories)) place(label, 'category');
    for (const label of splitList(s.serviceTypes)) place(label, 'type');
    const areaCodes: string[] = [];
    (s.areas ?? []).forEach((a, i) => {
      const code = text(a.code);
      const name = text(a.name);
      if (!code && !name) return;
      const r = code
        ? this.ctx.regions.resolve({ code })
        : name && /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/.test(name) ? this.ctx.regions.resolve({ code: name })
        : this.ctx.regions.resolve({ regency: name, province: text(a.province) });
      // An area named only by a province: resolve() wants a regency; try it as a province.
      const r2 = !r.ok && name && !code ? this.ctx.regions.resolveProvince(name) : r;
      const ok = r.ok ? r : r2.ok ? r2 : null;
      if (ok) areaCodes.push(ok.code);
      else issue(`service.areas[${i}]`, r.ok ? '' : r.rule, code ?? name);
    });
    if (!areaCodes.length && orgRegion) areaCodes.push(orgRegion);
    const minAge = parseNumber(s.minimumAge);
    const maxAge = parseNumber(s.maximumAge);
    if (minAge === 'invalid') issue('service.minimumAge', 'must be a whole number', s.minimumAge);
    if (maxAge === 'invalid') issue('service.maximumAge', 'must be a whole number', s.maximumAge);
    const statusText = text(s.status);
    const status = statusText ? STATUS[normaliseName(statusText)] : 'ACTIVE';
    if (!status) issue('service.status', 'must be active, inactive, defunct or temporarily closed', statusText);
    const languages = [...new Set(splitList(s.languages).map((l) => l.toLowerCase()))];
    const serviceInput = plainToInstance(ServiceFieldsInput, {
      name: serviceName ?? 'xx', description: text(s.description) ?? undefined, needCategories, serviceTypes, areaCodes,
      minimumAge: typeof minAge === 'number' ? minAge : undefined, maximumAge: typeof maxAge === 'number' ? maxAge : undefined,
      languages: languages.length ? languages : undefined, requiredDocuments: splitList(s.requiredDocuments),
      costDescription: text(s.fees) ?? undefined,
    });
    for (const p of problems(validateSync(serviceInput), 'service')) issue(p.field, p.rule, (s as Record<string, Raw>)[p.field.split('.')[1]] ?? null);
    if (typeof minAge === 'number' && typeof maxAge === 'number' && minAge > maxAge) {
      issue('service.minimumAge', `must not exceed maximumAge (${minAge} > ${maxAge})`, minAge);
    }
    const serviceEmail = text(s.email);
    const serviceUrl = websiteValue(text(s.url));
    const contact = serviceEmail || serviceUrl ? inputProblems(this.inputs, CreateOrganizationInput, { email: serviceEmail ?? undefined, website: serviceUrl ?? undefined }, 'service') : [];
    for (const p of contact) {
      if (p.field === 'service.email') issue('service.email', p.rule, serviceEmail);
      if (p.field === 'service.website') issue('service.url', p.rule, serviceUrl);
    }
    if (!row.locations.length && !(s.areas ?? []).length) issue('location.regency', 'is required (a regency or city name, or a region code)', null);
    if (!orgRegion && !issues.length) issue('location.regency', 'is required: the organisation is placed where its first location is', null);

    if (issues.length) return { row: null, issues };

    // Keys: the source's own ids when it has them, else stable digests of what identifies the record.
    const orgKeyValue = text(o.id) ?? `org-${digest(normaliseName(orgName!), orgRegion!)}`;
    const orgKey: Identifier = { scheme: row.scheme, identifier: orgKeyValue };
    for (const l of locations) {
      if (!l.key.identifier) l.key = { scheme: row.scheme, identifier: `loc-${digest(orgKeyValue, normaliseName(l.addressLine ?? l.name), l.regionCode)}` };
    }
    const classified = needCategories.length > 0 && unmapped.length === 0;
    const service: ImportedService = {
      key: { scheme: row.scheme, identifier: text(s.id) ?? `svc-${digest(orgKeyValue, normaliseName(serviceName!))}` },
      name: serviceName!.slice(0, 300), description: text(s.description), needCategories: [...new Set(needCategories)],
      serviceTypes: [...new Set(serviceTypes)], areaCodes: [...new Set(areaCodes)],
      minimumAge: typeof minAge === 'number' ? minAge : null, maximumAge: typeof maxAge === 'number' ? maxAge : null,
      languages: languages.length ? languages : ['id'], free: !text(s.fees), costDescription: text(s.fees),
      requiredDocuments: splitList(s.requiredDocuments), status: classified ? status! : 'INACTIVE',
      unmappedLabels: classified ? [] : unmapped.length ? unmapped : ['(no need category)'],
      locationKeys: locations.map((l) => l.key.identifier),
    };
    return {
      row: {
        line: row.line,
        organization: {
          key: orgKey, name: orgName!.slice(0, 300), partnerKind: partnerKind!, description: text(o.description), website, email,
          phones: orgPhones.numbers.map((number) => ({ number })), legalStatus: text(o.legalStatus), otherIdentifiers,
          regionCode: orgRegion!, services: [service], locations,
        },
      },
      issues,
    };
  }
}
