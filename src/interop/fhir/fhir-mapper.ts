/**
 * Rujuk as FHIR R4 resources, after the Gravity Project's SDOH Clinical Care pattern: a referral is a
 * ServiceRequest (what is asked for, of whom, for whom) with a Task (its fulfilment, whose status the receiving
 * organisation moves); the directory is Organization, HealthcareService and Location. Pure functions.
 *
 * What never leaves: the client's NIK and KK number (never read here), anything of the client outside the
 * categories consented for this referral (the SharedClient projection decides), and the partner-private fields
 * of the directory (referral contacts, webhooks). The Patient of a referral has the referral's id as its own, so
 * a partner cannot link two referrals of one client unless identity was shared (then the identifier carries
 * Rujuk's client id, system CLIENT_SYSTEM).
 */
import type { LocationType, PhoneType } from '../../directory/directory.types';
import type { OrganizationEntity } from '../../directory/organization.entity';
import type { ServiceEntity } from '../../directory/service.entity';
import { DECLINE_REASONS, DeclineReason, fhirTaskStatus, Outcome, OUTCOMES, ReferralStatus } from '../../referrals/referral-state';
import type { ReferralEntity } from '../../referrals/referral.entity';
import type { SharedClientType } from '../../referrals/referrals.types';

export type FhirResource = { resourceType: string; id?: string } & Record<string, unknown>;

const BASE = 'https://rujuk.id/fhir';
export const SYSTEMS = {
  client: `${BASE}/sid/client`,
  referral: `${BASE}/sid/referral`,
  organization: `${BASE}/sid/organization`,
  service: `${BASE}/sid/service`,
  location: `${BASE}/sid/location`,
  satusehatOrganization: 'http://sys-ids.kemkes.go.id/organization',
  declineReason: `${BASE}/CodeSystem/decline-reason`,
  outcome: `${BASE}/CodeSystem/referral-outcome`,
  referralStatus: `${BASE}/CodeSystem/referral-status`,
  taskOutput: `${BASE}/CodeSystem/task-output`,
  needCategory: `${BASE}/CodeSystem/pmks`,
  serviceType: `${BASE}/CodeSystem/service-type`,
  partnerKind: `${BASE}/CodeSystem/partner-kind`,
  region: `${BASE}/CodeSystem/kemendagri-region`,
} as const;

export const DECLINE_DISPLAY: Record<DeclineReason, string> = {
  NO_CAPACITY: 'No capacity (tidak ada kapasitas)',
  NOT_ELIGIBLE: 'Client not eligible (klien tidak memenuhi syarat)',
  OUTSIDE_SERVICE_AREA: 'Outside the service area (di luar wilayah layanan)',
  SERVICE_NOT_OFFERED: 'Service not offered (layanan tidak tersedia)',
  CLIENT_UNREACHABLE: 'Client unreachable (klien tidak dapat dihubungi)',
  CLIENT_DECLINED: 'Client declined (klien menolak)',
  DUPLICATE: 'Duplicate referral (rujukan ganda)',
  OTHER: 'Other (lainnya)',
};

export const OUTCOME_DISPLAY: Record<Outcome, string> = {
  NEED_MET: 'Need met (kebutuhan terpenuhi)',
  PARTIALLY_MET: 'Need partially met (kebutuhan terpenuhi sebagian)',
  NOT_MET: 'Need not met (kebutuhan tidak terpenuhi)',
};

const PRIORITY: Record<ReferralEntity['urgency'], string> = { EMERGENCY: 'stat', URGENT: 'urgent', ROUTINE: 'routine' };

/** The ServiceRequest's status for a referral status: open while the referral may still lead to service. */
const REQUEST_STATUS: Record<ReferralStatus, string> = {
  DRAFT: 'draft', SENT: 'active', ACCEPTED: 'active', IN_PROGRESS: 'active', ON_HOLD: 'on-hold', COMPLETED: 'completed',
  FAILED: 'completed', DECLINED: 'revoked', EXPIRED: 'revoked', CANCELLED: 'revoked',
};

const iso = (d: Date | string | null | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);

/** Drops undefined, null and empty arrays (FHIR allows no empty elements). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

const ref = (type: string, id: string, display?: string | null) => compact({ reference: `${type}/${id}`, display: display ?? undefined });

/** The Task of a referral: its status is the referral's (SENT = requested, DECLINED = rejected, EXPIRED = failed). */
export function taskResource(r: ReferralEntity, names: { from?: string | null; to?: string | null } = {}): FhirResource {
  return compact({
    resourceType: 'Task', id: r.id, meta: versionMeta(r),
    identifier: [{ system: SYSTEMS.referral, value: r.id }],
    status: fhirTaskStatus(r.status), statusReason: taskStatusReason(r),
    businessStatus: { coding: [{ system: SYSTEMS.referralStatus, code: r.status }], text: r.status },
    intent: 'order', priority: PRIORITY[r.urgency],
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: ref('ServiceRequest', r.id), for: ref('Patient', r.id),
    authoredOn: iso(r.sentAt ?? r.createdAt), lastModified: iso(r.updatedAt),
    requester: ref('Organization', r.fromOrganizationId, names.from), owner: ref('Organization', r.toOrganizationId, names.to),
    executionPeriod: r.appointmentAt ? { start: iso(r.appointmentAt) } : undefined,
    restriction: r.acceptBy && r.status === 'SENT' ? { period: { end: iso(r.acceptBy) } } : undefined,
    output: r.outcome ? [{
      type: { coding: [{ system: SYSTEMS.taskOutput, code: 'outcome', display: 'Outcome of the referral' }] },
      valueCodeableConcept: { coding: [{ system: SYSTEMS.outcome, code: r.outcome, display: OUTCOME_DISPLAY[r.outcome] }] },
    }] : undefined,
  });
}

function taskStatusReason(r: ReferralEntity): Record<string, unknown> | undefined {
  if (r.status === 'DECLINED' && r.declineReason) {
    return compact({ coding: [{ system: SYSTEMS.declineReason, code: r.declineReason, display: DECLINE_DISPLAY[r.declineReason] }], text: r.statusReason ?? undefined });
  }
  if (r.status === 'EXPIRED') return { text: 'No response before the acceptance deadline' };
  if (['ON_HOLD', 'FAILED', 'CANCELLED', 'COMPLETED'].includes(r.status) && r.statusReason) return { text: r.statusReason };
  return undefined;
}

export function versionMeta(r: { version: number; updatedAt: Date }): Record<string, string> {
  return { versionId: String(r.version), lastUpdated: new Date(r.updatedAt).toISOString() };
}

/** The ServiceRequest of a referral: the service asked for, of whom, for whom, and only the shared need. */
export function serviceRequestResource(r: ReferralEntity, shared: SharedClientType, service: ServiceEntity | null, serviceNames: (code: string) => string): FhirResource {
  const notes: { text: string }[] = [];
  if (r.note) notes.push({ text: r.note });
  if (shared.safeContactNote) notes.push({ text: `Kontak aman (safe contact): ${shared.safeContactNote}` });
  if (shared.need?.description) notes.push({ text: `Kebutuhan (need): ${shared.need.description}` });
  return compact({
    resourceType: 'ServiceRequest', id: r.id, meta: versionMeta(r),
    identifier: [{ system: SYSTEMS.referral, value: r.id }],
    status: REQUEST_STATUS[r.status], intent: 'order', priority: PRIORITY[r.urgency],
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
    code: service ? compact({
      coding: service.serviceTypes.map((code) => ({ system: SYSTEMS.serviceType, code, display: serviceNames(code) })),
      text: service.name,
    }) : undefined,
    subject: ref('Patient', r.id),
    authoredOn: iso(r.sentAt ?? r.createdAt),
    requester: ref('Organization', r.fromOrganizationId),
    performer: [ref('Organization', r.toOrganizationId), ref('HealthcareService', r.serviceId, service?.name)],
    locationReference: r.locationId ? [ref('Location', r.locationId)] : undefined,
    reasonCode: shared.need ? [{ coding: [{ system: SYSTEMS.needCategory, code: shared.need.category }], text: `severity ${shared.need.severity}` }] : undefined,
    occurrenceDateTime: iso(r.appointmentAt),
    note: notes,
  });
}

/**
 * The client as shared on this referral: identity (name, sex, birth date, Rujuk's client id) only with IDENTITY,
 * contact (phone, address, languages) only with CONTACT; never the NIK. Its id is the referral's.
 */
export function patientResource(r: ReferralEntity, shared: SharedClientType): FhirResource {
  const identity = shared.sharedCategories.includes('IDENTITY');
  return compact({
    resourceType: 'Patient', id: r.id, meta: versionMeta(r),
    identifier: identity ? [{ system: SYSTEMS.client, value: r.clientId }] : undefined,
    name: shared.fullName ? [{ text: shared.fullName }] : undefined,
    gender: shared.sex === 'FEMALE' ? 'female' : shared.sex === 'MALE' ? 'male' : undefined,
    birthDate: shared.birthDate ?? undefined,
    telecom: shared.phone ? [{ system: 'phone', value: shared.phone }] : undefined,
    address: shared.addressLine || shared.regionCode ? [compact({ text: shared.addressLine ?? undefined, district: shared.regionCode ?? undefined, country: 'ID' })] : undefined,
    communication: (shared.languages ?? []).map((code) => ({ language: { coding: [{ system: 'urn:ietf:bcp:47', code }] } })),
  });
}

function telecom(email: string | null, phones: PhoneType[], website?: string | null): Record<string, unknown>[] {
  return [
    ...phones.map((p) => ({ system: 'phone', value: p.number, use: 'work' })),
    ...(email ? [{ system: 'email', value: email, use: 'work' }] : []),
    ...(website ? [{ system: 'url', value: website }] : []),
  ];
}

/** An organisation with Rujuk's id and, when the directory has it, its SATUSEHAT (IHS) number. */
export function organizationResource(o: OrganizationEntity): FhirResource {
  const ihs = (o.identifiers ?? []).find((x) => /^(satusehat|ihs)$/i.test(x.scheme.trim()));
  return compact({
    resourceType: 'Organization', id: o.id, meta: versionMeta(o),
    identifier: [
      { system: SYSTEMS.organization, value: o.id },
      ...(ihs ? [{ use: 'official', system: SYSTEMS.satusehatOrganization, value: ihs.identifier }] : []),
    ],
    active: o.active,
    type: [{ coding: [{ system: SYSTEMS.partnerKind, code: o.partnerKind }] }],
    name: o.name,
    telecom: telecom(o.email, o.phones ?? [], o.website),
    address: [{ district: o.regionCode, country: 'ID' }],
  });
}

export function healthcareServiceResource(s: ServiceEntity, locations: LocationType[], needNames: (code: string) => string, serviceNames: (code: string) => string): FhirResource {
  return compact({
    resourceType: 'HealthcareService', id: s.id, meta: versionMeta(s),
    identifier: [{ system: SYSTEMS.service, value: s.id }],
    active: s.status === 'ACTIVE',
    providedBy: ref('Organization', s.organizationId),
    category: s.needCategories.map((code) => ({ coding: [{ system: SYSTEMS.needCategory, code, display: needNames(code) }] })),
    type: s.serviceTypes.map((code) => ({ coding: [{ system: SYSTEMS.serviceType, code, display: serviceNames(code) }] })),
    location: locations.map((l) => ref('Location', l.id, l.name)),
    name: s.name, comment: s.description ?? undefined,
    coverageArea: undefined,
    eligibility: eligibility(s),
    communication: s.languages.map((code) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }] })),
    referralMethod: s.acceptsReferrals ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-referral-method', code: 'elec', display: 'Secure Messaging' }] }] : undefined,
    appointmentRequired: undefined,
    extraDetails: s.costDescription ?? (s.free ? 'Gratis (free of charge)' : undefined),
  });
}

function eligibility(s: ServiceEntity): Record<string, unknown>[] | undefined {
  const parts: string[] = [];
  if (s.sex === 'F') parts.push('female only');
  if (s.sex === 'M') parts.push('male only');
  if (s.minimumAge !== null) parts.push(`age ${s.minimumAge}+`);
  if (s.maximumAge !== null) parts.push(`age up to ${s.maximumAge}`);
  if (s.requiredDocuments.length) parts.push(`documents: ${s.requiredDocuments.join(', ')}`);
  return parts.length ? [{ comment: parts.join('; ') }] : undefined;
}

/** A location as the viewer may see it: a confidential one they may not see has no address and no position. */
export function locationResource(l: LocationType): FhirResource {
  return compact({
    resourceType: 'Location', id: l.id,
    identifier: [{ system: SYSTEMS.location, value: l.id }],
    status: 'active', name: l.name, description: l.description ?? undefined, mode: 'instance',
    address: l.addressHidden ? { district: l.regionCode, country: 'ID' } : compact({ line: l.addressLine ? [l.addressLine] : undefined, postalCode: l.postalCode ?? undefined, district: l.regionCode, country: 'ID' }),
    position: !l.addressHidden && l.latitude !== null && l.longitude !== null ? { latitude: l.latitude, longitude: l.longitude } : undefined,
    managingOrganization: ref('Organization', l.organizationId),
    extension: undefined,
  });
}

/** Rujuk's code systems: the decline reasons (Task.statusReason of a rejection) and the outcomes (Task.output). */
export function codeSystemResource(id: 'decline-reason' | 'referral-outcome'): FhirResource {
  const decline = id === 'decline-reason';
  const codes: readonly string[] = decline ? DECLINE_REASONS : OUTCOMES;
  return {
    resourceType: 'CodeSystem', id, url: decline ? SYSTEMS.declineReason : SYSTEMS.outcome, version: '1',
    name: decline ? 'RujukDeclineReason' : 'RujukReferralOutcome',
    title: decline ? 'Rujuk referral decline reasons' : 'Rujuk referral outcomes',
    status: 'active', content: 'complete', caseSensitive: true,
    description: decline
      ? 'Why a receiving organisation declined a referral (Task.statusReason when the Task is rejected).'
      : 'What came of a completed referral (Task.output when the Task is completed).',
    count: codes.length,
    concept: codes.map((code) => ({ code, display: decline ? DECLINE_DISPLAY[code as DeclineReason] : OUTCOME_DISPLAY[code as Outcome] })),
  };
}

export function searchBundle(resources: FhirResource[], total: number, links: { self: string; next?: string }, baseUrl: string): FhirResource {
  return compact({
    resourceType: 'Bundle', type: 'searchset', total,
    link: [{ relation: 'self', url: links.self }, ...(links.next ? [{ relation: 'next', url: links.next }] : [])],
    entry: resources.map((resource) => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  });
}

export function capabilityStatement(baseUrl: string, now: Date): FhirResource {
  const read = [{ code: 'read' }];
  return {
    resourceType: 'CapabilityStatement', status: 'active', date: now.toISOString(), kind: 'instance', fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'], patchFormat: ['application/json-patch+json'],
    software: { name: 'Rujuk' }, implementation: { description: 'Rujuk referral network: referrals for partner organisations', url: baseUrl },
    rest: [{
      mode: 'server',
      security: { description: 'Bearer token of a user of the receiving organisation (the same tokens as the GraphQL API)' },
      resource: [
        {
          type: 'Task', versioning: 'versioned', readHistory: false, updateCreate: false, conditionalUpdate: false,
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'update' }, { code: 'patch' }],
          searchParam: [
            { name: 'owner', type: 'reference', documentation: 'Organization/<id> or <id>: the receiving organisation (required, your own)' },
            { name: 'status', type: 'token', documentation: 'requested, accepted, rejected, in-progress, on-hold, completed, cancelled, failed (comma-separated)' },
            { name: '_count', type: 'number' }, { name: '_offset', type: 'number' },
          ],
        },
        { type: 'ServiceRequest', interaction: read }, { type: 'Patient', interaction: read },
        { type: 'Organization', interaction: read }, { type: 'HealthcareService', interaction: read }, { type: 'Location', interaction: read },
        { type: 'CodeSystem', interaction: read },
      ],
    }],
  };
}
