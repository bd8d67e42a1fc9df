import { termCodeOf } from '../hsds/hsds-mapper';
import type { Raw, SourceLocation, SourceRow } from './import-record';

/**
 * HSDS 3.0 -> the import's source row (the import side of the mapping; pure). A service object as in
 * `service_full.json` (nested organization, service_at_locations with their location and addresses, schedules,
 * phones, service_areas, languages, required_documents, attributes). Where Rujuk's fields live in HSDS:
 *
 * | Rujuk | HSDS |
 * |---|---|
 * | organisation name, description, email, website, legal status | organization.name, description, email, website, legal_status |
 * | organisation identifiers | organization.organization_identifiers (identifier_scheme, identifier); the HSDS ids under scheme `hsds` |
 * | organisation phones | organization.phones, service.phones, location phones (numbers merged, E.164) |
 * | location region | location.external_identifier when external_identifier_type names a region code (`kode_wilayah`, `region_code`, `kemendagri`); else address.city (regency/city), address.state_province (province), address.region (district) |
 * | location address, postal code | address_1 + address_2, postal_code |
 * | opening hours | schedules of the location, the service at the location, or the service: byday (MO..SU) with opens_at/closes_at |
 * | need categories, service types | attributes' taxonomy_term.code (or name): PMKS codes or names, service type codes or names |
 * | area | service_areas: name or extent holding a region code or name |
 * | status, ages, languages, cost, documents | status, minimum_age, maximum_age, languages[].code, fees_description, required_documents[].document |
 * | partner kind | organization.attributes: a term of the taxonomy "Rujuk partner kinds" (its code) |
 * | confidential location | location.attributes: the term CONFIDENTIAL of the taxonomy "Rujuk location flags" |
 */
type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object').map((x) => x as Obj) : []);
const raw = (v: unknown): Raw => (v === null || v === undefined || typeof v === 'object' ? null : (v as Raw));
/** HSDS examples quote numbers ("\"+44 1234 234567\""): drop the stray quotes. */
const unquote = (v: unknown): Raw => {
  const r = raw(v);
  return typeof r === 'string' ? r.replace(/^"+|"+$/g, '') : r;
};

const WEEKDAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const REGION_ID_TYPES = /^(kode[ _-]?wilayah|region[ _-]?code|kemendagri|bps)$/i;

function schedules(list: Obj[]): SourceLocation['schedules'] {
  const out: NonNullable<SourceLocation['schedules']> = [];
  for (const s of list) {
    if (!s.opens_at || !s.closes_at) continue;
    const days = String(s.byday ?? '').split(',').map((d) => d.trim().toUpperCase().replace(/^[-+]?\d+/, '')).filter(Boolean);
    for (const d of days) out.push({ weekday: WEEKDAYS[d] ?? d, opensAt: raw(s.opens_at), closesAt: raw(s.closes_at) });
  }
  return out;
}

function location(loc: Obj, fallbackSchedules: Obj[]): SourceLocation {
  const address = asList(loc.addresses).find((a) => a.address_type !== 'postal') ?? asList(loc.addresses)[0] ?? {};
  const idType = String(loc.external_identifier_type ?? '');
  const own = asList(loc.schedules);
  return {
    id: raw(loc.id), name: raw(loc.name), description: raw(loc.description),
    address: [raw(address.address_1), raw(address.address_2)].filter((x) => x !== null && x !== '').join(', ') || null,
    postalCode: raw(address.postal_code), province: raw(address.state_province), regency: raw(address.city), district: raw(address.region),
    regionCode: REGION_ID_TYPES.test(idType) ? raw(loc.external_identifier) : null,
    latitude: raw(loc.latitude), longitude: raw(loc.longitude),
    phones: asList(loc.phones).map((p) => unquote(p.number)),
    schedules: schedules(own.length ? own : fallbackSchedules),
    confidential: asList(loc.attributes).some((a) => termCodeOf(a, 'location-flag') === 'CONFIDENTIAL'),
  };
}

/** One HSDS service object (nested) as an import row. */
export function hsdsServiceToRow(service: unknown, line: number): SourceRow {
  const s = asObj(service);
  const org = asObj(s.organization);
  const serviceSchedules = asList(s.schedules);
  const sals = asList(s.service_at_locations);
  const locations = sals.map((sal) => {
    const salSchedules = asList(sal.schedules);
    return location(asObj(sal.location), salSchedules.length ? salSchedules : serviceSchedules);
  });
  const partnerKind = asList(org.attributes).map((a) => termCodeOf(a, 'partner-kind')).find((code) => code !== null) ?? null;
  const labels = asList(s.attributes).map((a) => {
    const term = asObj(a.taxonomy_term);
    return raw(term.code) ?? raw(term.name) ?? raw(a.value);
  });
  const phones = [...asList(org.phones), ...asList(s.phones), ...sals.flatMap((sal) => asList(sal.phones))].map((p) => unquote(p.number));
  return {
    line, scheme: 'hsds',
    organization: {
      id: raw(org.id ?? s.organization_id), name: raw(org.name), description: raw(org.description), email: raw(org.email),
      website: raw(org.website), legalStatus: raw(org.legal_status), phones, partnerKind,
      identifiers: asList(org.organization_identifiers).map((i) => ({ scheme: raw(i.identifier_scheme), identifier: raw(i.identifier) })),
    },
    service: {
      id: raw(s.id), name: raw(s.name), description: raw(s.description), email: raw(s.email), url: raw(s.url), status: raw(s.status),
      minimumAge: raw(s.minimum_age), maximumAge: raw(s.maximum_age), needCategories: labels, serviceTypes: [],
      areas: asList(s.service_areas).map((a) => {
        const code = [a.extent, a.name].map(raw).find((v) => typeof v === 'string' && /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/.test(v.trim()));
        return code ? { code } : { name: raw(a.name) };
      }),
      languages: asList(s.languages).map((l) => raw(l.code)),
      fees: raw(s.fees_description),
      requiredDocuments: asList(s.required_documents).map((d) => raw(d.document)),
    },
    locations,
  };
}
