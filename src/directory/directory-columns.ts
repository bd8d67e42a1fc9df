/**
 * The columns directory reads select, as SQL (`SERVICE_COLUMNS`, ...), and the columns each GraphQL field of
 * Service, Organization and Location is made from, so that a statement can read only what the client asked for
 * (matching: the shown services, where the full rows as JSON were a third of a match's database time; the
 * screen asks for a dozen of their ~45 columns).
 *
 * A field missing from the maps below reads every column: a field added to a type without its entry here costs
 * speed, never a wrong answer (and the unit test on the maps fails until it is added).
 */
import type { LocationEntity } from './location.entity';
import type { OrganizationEntity } from './organization.entity';

/** An output column: its alias (the entity's property), its expression, and whether it is a text[]. */
type Column = readonly [alias: string, expression: string, textArray?: 'text[]'];

/** `arraysAsText`: text[] columns as their text form, for the caller to parse (parseTextArray, text-array.ts). */
const render = (columns: readonly Column[], prefix = '', arraysAsText = false) =>
  columns.map(([alias, expression, array]) => `${expression}${array && arraysAsText ? '::text' : ''} AS "${prefix}${alias}"`).join(', ');

/** A service row as readers use it (alias `s`); the derived columns (coverage keys, search text, points) stay out. */
const SERVICE: readonly Column[] = [
  ['id', 's.id'], ['organizationId', 's.organization_id'], ['name', 's.name'], ['description', 's.description'],
  ['needCategories', 's.need_categories', 'text[]'], ['serviceTypes', 's.service_types', 'text[]'], ['minimumAge', 's.minimum_age'],
  ['maximumAge', 's.maximum_age'], ['sex', 's.sex'], ['requiredDocuments', 's.required_documents', 'text[]'], ['free', 's.free'],
  ['costDescription', 's.cost_description'], ['languages', 's.languages', 'text[]'], ['areaCodes', 's.area_codes', 'text[]'], ['status', 's.status'],
  ['acceptsReferrals', 's.accepts_referrals'], ['deadlineEmergencyMinutes', 's.deadline_emergency_minutes'],
  ['deadlineUrgentMinutes', 's.deadline_urgent_minutes'], ['deadlineRoutineMinutes', 's.deadline_routine_minutes'],
  ['capacityAvailable', 's.capacity_available'], ['capacityMaximum', 's.capacity_maximum'], ['capacityUnit', 's.capacity_unit'],
  ['capacityUpdatedAt', 's.capacity_updated_at'], ['capacityWaitlist', 's.capacity_waitlist'], ['verifiedAt', 's.verified_at'],
  ['verifiedBy', 's.verified_by'], ['staleSince', 's.stale_since'], ['createdAt', 's.created_at'], ['updatedAt', 's.updated_at'],
  ['version', 's.version'],
];

/** A location row as LocationEntity (alias `l`). */
const LOCATION: readonly Column[] = [
  ['id', 'l.id'], ['organizationId', 'l.organization_id'], ['name', 'l.name'], ['description', 'l.description'],
  ['addressLine', 'l.address_line'], ['postalCode', 'l.postal_code'], ['regionCode', 'l.region_code'], ['latitude', 'l.latitude'],
  ['longitude', 'l.longitude'], ['timeZone', 'l.time_zone'], ['accessibility', 'l.accessibility'], ['confidential', 'l.confidential'],
  ['createdAt', 'l.created_at'], ['updatedAt', 'l.updated_at'],
];

/** An organisation's columns beside a service's (alias `o`), each alias prefixed `org_` (its id is the service's). */
const ORGANIZATION: readonly Column[] = [
  ['name', 'o.name'], ['partnerKind', 'o.partner_kind'], ['description', 'o.description'], ['website', 'o.website'],
  ['email', 'o.email'], ['phones', 'o.phones'], ['legalStatus', 'o.legal_status'], ['identifiers', 'o.identifiers'],
  ['regionCode', 'o.region_code'], ['referralContact', 'o.referral_contact'], ['active', 'o.active'],
  ['createdAt', 'o.created_at'], ['updatedAt', 'o.updated_at'], ['version', 'o.version'],
];
export const ORGANIZATION_PREFIX = 'org_';
/** A location's columns beside a service's (selectedColumns), each alias prefixed `loc_`. */
export const LOCATION_PREFIX = 'loc_';

/** Each alias with its prefixed form, as rows carry them. */
const prefixedKeys = (columns: readonly Column[], prefix: string) => columns.map(([alias]) => [alias, prefix + alias] as const);
const ORGANIZATION_KEYS = prefixedKeys(ORGANIZATION, ORGANIZATION_PREFIX);
const LOCATION_KEYS = prefixedKeys(LOCATION, LOCATION_PREFIX);

export const SERVICE_COLUMNS = render(SERVICE);
export const LOCATION_COLUMNS = render(LOCATION);
/** The joined organisation's columns, so that `organization { ... }` on a service needs no second query. */
export const ORGANIZATION_COLUMNS = render(ORGANIZATION, ORGANIZATION_PREFIX);

/** The organisation a row carries beside its service (ORGANIZATION_COLUMNS): the prefixed columns it holds. */
export function organizationOfRow(row: { organizationId: string }): OrganizationEntity {
  const org: Record<string, unknown> = { id: row.organizationId };
  for (const [alias, prefixed] of ORGANIZATION_KEYS) {
    const value = (row as Record<string, unknown>)[prefixed];
    if (value !== undefined) org[alias] = value;
  }
  return org as unknown as OrganizationEntity;
}

/** The location a row carries beside its service (selectedColumns' `location`), or null when it has none. */
export function locationOfRow(row: Record<string, unknown>): LocationEntity | null {
  if (row[`${LOCATION_PREFIX}id`] === null || row[`${LOCATION_PREFIX}id`] === undefined) return null;
  const location: Record<string, unknown> = {};
  for (const [alias, prefixed] of LOCATION_KEYS) {
    const value = row[prefixed];
    if (value !== undefined) location[alias] = value;
  }
  return location as unknown as LocationEntity;
}

/**
 * The columns (aliases) each GraphQL field is made from (directory.mappers.ts). Fields answered by a field
 * resolver name the keys it needs; the keys a type always carries are in ALWAYS below.
 */
export const SERVICE_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  id: [], organizationId: [], name: ['name'], description: ['description'], needCategories: ['needCategories'],
  serviceTypes: ['serviceTypes'], minimumAge: ['minimumAge'], maximumAge: ['maximumAge'], sex: ['sex'],
  requiredDocuments: ['requiredDocuments'], free: ['free'], costDescription: ['costDescription'], languages: ['languages'],
  areaCodes: ['areaCodes'], status: ['status'], acceptsReferrals: ['acceptsReferrals'],
  acceptanceDeadline: ['deadlineEmergencyMinutes', 'deadlineUrgentMinutes', 'deadlineRoutineMinutes'],
  capacity: ['capacityAvailable', 'capacityMaximum', 'capacityUnit', 'capacityUpdatedAt', 'capacityWaitlist'],
  hasCapacity: ['capacityAvailable'], verifiedAt: ['verifiedAt'], verifiedBy: ['verifiedBy'], staleSince: ['staleSince'],
  createdAt: ['createdAt'], updatedAt: ['updatedAt'], version: ['version'],
  // Not from the service row: the distance is the statement's own; the organisation has its own columns; the
  // locations' field resolver needs the id.
  distanceKm: [], organization: [], locations: [], __typename: [],
};
export const ORGANIZATION_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  id: [], name: ['name'], partnerKind: ['partnerKind'], description: ['description'], website: ['website'], email: ['email'],
  phones: ['phones'], legalStatus: ['legalStatus'], identifiers: ['identifiers'], regionCode: ['regionCode'],
  referralContact: ['referralContact'], active: ['active'], createdAt: ['createdAt'], updatedAt: ['updatedAt'], version: ['version'],
  // Field resolvers: the region by the organisation's region code; its services and locations by its id.
  region: ['regionCode'], services: [], locations: [], __typename: [],
};
export const LOCATION_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  id: [], organizationId: [], name: ['name'], description: ['description'], addressLine: ['addressLine'], postalCode: ['postalCode'],
  regionCode: [], latitude: ['latitude'], longitude: ['longitude'], timeZone: ['timeZone'], accessibility: ['accessibility'],
  confidential: [], addressHidden: [],
  // The schedules' field resolver needs the id.
  schedules: [], __typename: [],
};

/**
 * What a service's (or location's) mapper always reads: the keys, and for a location what decides whether its
 * address is withheld from the viewer (toLocationType).
 */
const ALWAYS = {
  service: ['id', 'organizationId'],
  organization: [] as string[],
  location: ['id', 'organizationId', 'confidential', 'regionCode'],
};

/** Requested GraphQL field names per type; `null` when they are not known (every column is read). */
export interface SelectedFields {
  service: ReadonlySet<string> | null;
  organization: ReadonlySet<string> | null;
  location: ReadonlySet<string> | null;
}

function choose(
  columns: readonly Column[], byField: Readonly<Record<string, readonly string[]>>, always: readonly string[],
  fields: ReadonlySet<string> | null, prefix = '',
): string {
  const wanted = new Set(always);
  for (const field of fields ?? []) {
    const from = byField[field];
    if (!from) return render(columns, prefix, true); // a field not mapped: read it all
    for (const alias of from) wanted.add(alias);
  }
  if (fields === null) return render(columns, prefix, true);
  return render(columns.filter(([alias]) => wanted.has(alias)), prefix, true);
}

/** The text[] columns of selectedColumns' rows, which come as their text form (node-postgres's array parser was slower). */
const textArrays = (columns: readonly Column[], prefix = '') => columns.filter(([, , array]) => array).map(([alias]) => prefix + alias);
export const TEXT_ARRAY_ALIASES: readonly string[] = [
  ...textArrays(SERVICE), ...textArrays(ORGANIZATION, ORGANIZATION_PREFIX), ...textArrays(LOCATION, LOCATION_PREFIX),
];

/**
 * The SQL select lists for the requested fields, for one row per service: service (alias `s`), its organisation
 * (alias `o`, aliases prefixed `org_`; empty when no organisation field is asked for) and location (alias `l`,
 * aliases prefixed `loc_`). The text[] columns come as text (TEXT_ARRAY_ALIASES).
 */
export function selectedColumns(fields: SelectedFields): { service: string; organization: string; location: string } {
  const organization = fields.organization === null || fields.organization.size > 0
    ? choose(ORGANIZATION, ORGANIZATION_FIELD_COLUMNS, ALWAYS.organization, fields.organization, ORGANIZATION_PREFIX)
    : '';
  return {
    service: choose(SERVICE, SERVICE_FIELD_COLUMNS, ALWAYS.service, fields.service),
    organization,
    location: choose(LOCATION, LOCATION_FIELD_COLUMNS, ALWAYS.location, fields.location, LOCATION_PREFIX),
  };
}
