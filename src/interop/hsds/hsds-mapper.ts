/**
 * The directory as Open Referral HSDS 3.0 records: plain functions from the directory's published rows to the
 * HSDS objects (service, organization, location, ...), no Nest, no database. Fields Rujuk has no value for are
 * left out (the schemas type them as strings or numbers, never null). What never leaves: an organisation's
 * referral contact, its webhooks (not read at all), acceptance deadlines, capacity, who verified a service, and
 * the address, postal code, description and coordinates of a confidential location (the rows come without them).
 */
import type { PublishedLocation } from '../../directory/directory-publication.service';
import type { Identifier, OrganizationEntity, Phone } from '../../directory/organization.entity';
import type { ScheduleType } from '../../directory/directory.types';
import type { ServiceEntity } from '../../directory/service.entity';
import { stableId } from './hsds-ids';

export type HsdsRecord = Record<string, unknown>;

/** A taxonomy Rujuk publishes its codes in. */
export interface HsdsTaxonomy {
  key: 'pmks' | 'service-type' | 'partner-kind' | 'region' | 'location-flag';
  id: string;
  name: string;
  description: string;
  uri: string;
}

const taxonomy = (key: HsdsTaxonomy['key'], name: string, description: string): HsdsTaxonomy => ({
  key, id: stableId('taxonomy', key), name, description, uri: `https://rujuk.id/hsds/taxonomy/${key}`,
});

/**
 * The taxonomies of Rujuk's codes: PMKS need categories, service types, partner kinds, regions (Kemendagri codes)
 * and location flags (`CONFIDENTIAL`: a location whose address and coordinates are never published, a shelter).
 * HSDS 3.0 carries them as `attribute` records linking the service, organisation or location to a term.
 */
export const TAXONOMIES: Readonly<Record<HsdsTaxonomy['key'], HsdsTaxonomy>> = {
  pmks: taxonomy('pmks', 'PMKS', 'Pemerlu Pelayanan Kesejahteraan Sosial: the need categories of the Indonesian social-welfare system'),
  'service-type': taxonomy('service-type', 'Rujuk service types', 'The kinds of service Rujuk matches on (KONSELING, BANTUAN_HUKUM, ...)'),
  'partner-kind': taxonomy('partner-kind', 'Rujuk partner kinds', 'The kinds of partner institution (hospital, shelter, legal aid, ...)'),
  region: taxonomy('region', 'Kemendagri region codes', 'Indonesian administrative regions (province, regency/city, district, village) by their Kemendagri code'),
  'location-flag': taxonomy('location-flag', 'Rujuk location flags', 'How a location may be shown: CONFIDENTIAL, a location (a shelter) whose address and coordinates are never published'),
};

/** The terms of the location-flag taxonomy. */
const LOCATION_FLAGS: Record<string, { name: string; description: string }> = {
  CONFIDENTIAL: { name: 'Confidential location', description: 'The address and coordinates of this location (a shelter) are never published; contact the organisation' },
};

/**
 * The code of an attribute's term when it belongs to the taxonomy `key` (by the taxonomy's id, name or URI, as
 * Rujuk writes them), else null: how an import reads back what an export wrote.
 */
export function termCodeOf(attribute: unknown, key: HsdsTaxonomy['key']): string | null {
  const a = (attribute && typeof attribute === 'object' ? attribute : {}) as Record<string, unknown>;
  const term = (a.taxonomy_term && typeof a.taxonomy_term === 'object' ? a.taxonomy_term : {}) as Record<string, unknown>;
  const t = TAXONOMIES[key];
  const inTaxonomy = term.taxonomy_id === t.id || term.taxonomy === t.name || a.link_type === key
    || (typeof term.term_uri === 'string' && term.term_uri.startsWith(`${t.uri}/`));
  const code = typeof term.code === 'string' ? term.code.trim() : '';
  return inTaxonomy && code ? code : null;
}

/** Names and descriptions of codes, as the taxonomy feature holds them. */
export interface Vocabulary {
  needCategory(code: string): { name: string; description: string } | null;
  serviceType(code: string): { name: string; description: string } | null;
  partnerKind(code: string): { name: string; description: string } | null;
  /** The region's name and its province's, or null for an unknown code. */
  region(code: string): { name: string; regency: string | null; province: string | null } | null;
}

export function taxonomyTermId(key: HsdsTaxonomy['key'], code: string): string {
  return stableId('taxonomy_term', key, code);
}

export function taxonomyTerm(key: HsdsTaxonomy['key'], code: string, vocab: Vocabulary): HsdsRecord {
  const t = TAXONOMIES[key];
  const known = key === 'pmks' ? vocab.needCategory(code)
    : key === 'service-type' ? vocab.serviceType(code)
      : key === 'partner-kind' ? vocab.partnerKind(code)
        : key === 'location-flag' ? LOCATION_FLAGS[code] ?? null
        : (() => {
          const r = vocab.region(code);
          return r ? { name: r.name, description: [r.name, r.regency, r.province].filter((x, i, all) => x && all.indexOf(x) === i).join(', ') } : null;
        })();
  return compact({
    id: taxonomyTermId(key, code), code, name: known?.name ?? code, description: known?.description ?? code,
    taxonomy: t.name, taxonomy_id: t.id, term_uri: `${t.uri}/${encodeURIComponent(code)}`,
  });
}

function attribute(linkEntity: string, linkId: string, key: HsdsTaxonomy['key'], code: string, vocab: Vocabulary): HsdsRecord {
  const termId = taxonomyTermId(key, code);
  return {
    id: stableId('attribute', linkEntity, linkId, termId), link_id: linkId, link_type: key, link_entity: linkEntity,
    taxonomy_term_id: termId, taxonomy_term: taxonomyTerm(key, code, vocab),
  };
}

const STATUS: Record<ServiceEntity['status'], string> = {
  ACTIVE: 'active', INACTIVE: 'inactive', DEFUNCT: 'defunct', TEMPORARILY_CLOSED: 'temporarily closed',
};

/** UTC offsets (hours) of the Indonesian time zones, for HSDS schedule.timezone. */
const UTC_OFFSET: Record<string, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** An organisation's SATUSEHAT (IHS) number is kept as an identifier of scheme SATUSEHAT or IHS. */
export function isSatusehatScheme(scheme: string): boolean {
  return /^(satusehat|ihs)$/i.test(scheme.trim());
}

export function organizationRecord(
  o: OrganizationEntity, vocab: Vocabulary, extra: { locations?: HsdsRecord[]; services?: HsdsRecord[] } = {},
): HsdsRecord {
  return compact({
    id: o.id, name: o.name, description: o.description ?? '', email: o.email ?? undefined, website: uriOrUndefined(o.website),
    legal_status: o.legalStatus ?? undefined,
    phones: (o.phones ?? []).map((p, i) => phoneRecord(p, i, { organization_id: o.id })),
    organization_identifiers: (o.identifiers ?? []).map((x) => identifierRecord(o.id, x)),
    attributes: [attribute('organization', o.id, 'partner-kind', o.partnerKind, vocab), attribute('organization', o.id, 'region', o.regionCode, vocab)],
    locations: extra.locations,
    services: extra.services,
    last_modified: iso(o.updatedAt),
  });
}

function phoneRecord(p: Phone, index: number, owner: { organization_id: string }): HsdsRecord {
  return compact({
    id: stableId('phone', owner.organization_id, String(index), p.number), ...owner, number: p.number,
    type: p.type ?? undefined, description: p.description ?? undefined,
  });
}

function identifierRecord(orgId: string, x: Identifier): HsdsRecord {
  return {
    id: stableId('organization_identifier', orgId, x.scheme, x.identifier), organization_id: orgId,
    identifier_scheme: x.scheme, identifier_type: isSatusehatScheme(x.scheme) ? 'SATUSEHAT IHS number' : x.scheme, identifier: x.identifier,
  };
}

export function locationRecord(l: PublishedLocation, schedules: (ScheduleType & { id: string })[], vocab: Vocabulary): HsdsRecord {
  const region = vocab.region(l.regionCode);
  // A confidential location arrives without its address: it gets none (not even a partial one), nor coordinates.
  const address = !l.addressHidden && l.addressLine ? [compact({
    id: stableId('address', l.id), location_id: l.id, address_1: l.addressLine,
    city: region?.regency ?? region?.name ?? l.regionCode, region: region && region.name !== region.regency ? region.name : undefined,
    state_province: region?.province ?? '', postal_code: l.postalCode ?? '', country: 'ID', address_type: 'physical',
  })] : [];
  return compact({
    id: l.id, location_type: 'physical', organization_id: l.organizationId, name: l.name,
    // The region by its Kemendagri code (a confidential location's regency only).
    external_identifier: l.regionCode, external_identifier_type: 'kemendagri',
    description: l.addressHidden ? undefined : (l.description ?? undefined),
    latitude: l.addressHidden ? undefined : (l.latitude ?? undefined), longitude: l.addressHidden ? undefined : (l.longitude ?? undefined),
    addresses: address,
    accessibility: l.accessibility ? [{ id: stableId('accessibility', l.id), location_id: l.id, description: l.accessibility }] : [],
    schedules: schedules.map((s) => scheduleRecord(s, l)),
    attributes: [
      attribute('location', l.id, 'region', l.regionCode, vocab),
      ...(l.confidential ? [attribute('location', l.id, 'location-flag', 'CONFIDENTIAL', vocab)] : []),
    ],
  });
}

function scheduleRecord(s: ScheduleType & { id: string }, l: PublishedLocation): HsdsRecord {
  return compact({
    id: s.id, location_id: l.id, freq: 'WEEKLY', byday: BYDAY[s.weekday - 1], opens_at: s.opensAt, closes_at: s.closesAt,
    timezone: UTC_OFFSET[l.timeZone], description: `${l.timeZone}`,
  });
}

export interface ServiceParts {
  organization: OrganizationEntity;
  locations: PublishedLocation[];
  schedules: Map<string, (ScheduleType & { id: string })[]>;
}

/** A service, fully nested (organisation, locations with schedules, areas, languages, documents, costs, terms). */
export function serviceRecord(s: ServiceEntity, parts: ServiceParts, vocab: Vocabulary): HsdsRecord {
  return {
    ...serviceListRecord(s, vocab),
    organization: organizationRecord(parts.organization, vocab),
    service_at_locations: parts.locations.map((l) => ({
      id: stableId('service_at_location', s.id, l.id), service_id: s.id, location_id: l.id,
      location: locationRecord(l, parts.schedules.get(l.id) ?? [], vocab),
    })),
  };
}

/** A service's own fields and its one-to-many records, without the organisation and locations (HSDS service_list). */
export function serviceListRecord(s: ServiceEntity, vocab: Vocabulary): HsdsRecord {
  return compact({
    id: s.id, organization_id: s.organizationId, name: s.name, description: s.description ?? undefined, status: STATUS[s.status],
    fees_description: s.costDescription ?? undefined, eligibility_description: eligibility(s, vocab), minimum_age: s.minimumAge ?? undefined,
    maximum_age: s.maximumAge ?? undefined, assured_date: s.verifiedAt ? iso(s.verifiedAt).slice(0, 10) : undefined,
    last_modified: iso(s.updatedAt),
    languages: s.languages.map((code) => ({ id: stableId('language', s.id, code), service_id: s.id, code })),
    required_documents: s.requiredDocuments.map((d) => ({ id: stableId('required_document', s.id, d), service_id: s.id, document: d })),
    cost_options: s.free ? [{ id: stableId('cost_option', s.id, 'free'), service_id: s.id, option: 'Gratis', amount: 0, currency: 'IDR' }] : [],
    service_areas: s.areaCodes.map((code) => {
      const id = stableId('service_area', s.id, code);
      const region = vocab.region(code);
      return compact({
        id, service_id: s.id, name: region?.name ?? code,
        description: [region?.name, region && region.province !== region.name ? region.province : null].filter(Boolean).join(', ') || undefined,
        extent: code, extent_type: 'kemendagri', uri: `${TAXONOMIES.region.uri}/${encodeURIComponent(code)}`,
        attributes: [attribute('service_area', id, 'region', code, vocab)],
      });
    }),
    attributes: [
      ...s.needCategories.map((c) => attribute('service', s.id, 'pmks', c, vocab)),
      ...s.serviceTypes.map((c) => attribute('service', s.id, 'service-type', c, vocab)),
    ],
  });
}

/** Who a service is for, in words (the ages and sex are also in minimum_age, maximum_age and the terms). */
function eligibility(s: ServiceEntity, vocab: Vocabulary): string | undefined {
  const parts: string[] = [];
  if (s.sex === 'F') parts.push('Perempuan');
  if (s.sex === 'M') parts.push('Laki-laki');
  if (s.minimumAge !== null && s.maximumAge !== null) parts.push(`usia ${s.minimumAge}-${s.maximumAge} tahun`);
  else if (s.minimumAge !== null) parts.push(`usia ${s.minimumAge} tahun ke atas`);
  else if (s.maximumAge !== null) parts.push(`usia sampai ${s.maximumAge} tahun`);
  const categories = s.needCategories.map((c) => vocab.needCategory(c)?.name ?? c);
  if (categories.length) parts.push(`PMKS: ${categories.join('; ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

/** The minimal form of the API's `minimal=true`: id and last change. */
export function minimalRecord(s: ServiceEntity): HsdsRecord {
  return { id: s.id, last_modified: iso(s.updatedAt) };
}

function iso(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

function uriOrUndefined(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Drops undefined values and empty arrays (an absent list and an empty one mean the same in HSDS). */
export function compact(o: Record<string, unknown>): HsdsRecord {
  const out: HsdsRecord = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}
