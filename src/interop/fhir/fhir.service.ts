import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { Clock } from '../../common/clock';
import type { Viewer } from '../../common/viewer';
import { DirectoryPublicationService } from '../../directory/directory-publication.service';
import { ReferralExchangeService } from '../../referrals/referral-exchange.service';
import type { ReferralStatus } from '../../referrals/referral-state';
import type { ReferralEntity } from '../../referrals/referral.entity';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import {
  capabilityStatement, codeSystemResource, FhirResource, healthcareServiceResource, locationResource, organizationResource,
  patientResource, searchBundle, serviceRequestResource, taskResource,
} from './fhir-mapper';
import { ifMatchVersion, patchedTask, taskChange } from './fhir-task-change';

/** The Task statuses a search may ask for, and the referral statuses each one means. */
const STATUSES_FOR: Record<string, ReferralStatus[]> = {
  requested: ['SENT'], accepted: ['ACCEPTED'], rejected: ['DECLINED'], 'in-progress': ['IN_PROGRESS'], 'on-hold': ['ON_HOLD'],
  completed: ['COMPLETED'], cancelled: ['CANCELLED'], failed: ['FAILED', 'EXPIRED'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TaskSearch {
  owner?: unknown;
  status?: unknown;
  _count?: unknown;
  _offset?: unknown;
  [other: string]: unknown;
}

/** A resource with the version its ETag names (Task, ServiceRequest). */
export interface Versioned {
  resource: FhirResource;
  version?: number;
}

/**
 * FHIR R4 for partners' systems: their Tasks (referrals addressed to their organisation), the ServiceRequest and
 * Patient of each as consent allows, the directory's Organization, HealthcareService and Location, and changes
 * of a Task's status applied through the referrals' lifecycle (the same rules, events and audit as GraphQL).
 */
@Injectable()
export class FhirService {
  constructor(
    private readonly referrals: ReferralExchangeService,
    private readonly directory: DirectoryPublicationService,
    private readonly taxonomy: TaxonomyService,
    private readonly clock: Clock,
  ) {}

  metadata(baseUrl: string): FhirResource {
    return capabilityStatement(baseUrl, this.clock.now());
  }

  /** `GET /fhir/Task?owner=<organisation>&status=requested`: the viewer's organisation's Tasks, as a searchset Bundle. */
  async searchTasks(viewer: Viewer, q: TaskSearch, baseUrl: string): Promise<FhirResource> {
    const unknown = Object.keys(q).filter((k) => !['owner', 'status', '_count', '_offset'].includes(k));
    if (unknown.length) throw AppError.badInput(unknown[0], 'is not a search parameter of Task (owner, status, _count, _offset)');
    const owner = single(q.owner, 'owner');
    if (!owner) throw AppError.badInput('owner', 'is required: Organization/<id> of your organisation');
    const ownerId = owner.replace(/^Organization\//, '');
    if (!UUID.test(ownerId)) throw AppError.badInput('owner', 'must be Organization/<id> or <id> of an organisation');
    if (ownerId.toLowerCase() !== viewer.organizationId) throw AppError.forbidden('You may search only the Tasks your organisation owns');
    const status = single(q.status, 'status');
    let statuses: ReferralStatus[] | undefined;
    if (status !== undefined) {
      const asked = status.split(',').map((s) => s.trim());
      const bad = asked.find((s) => !STATUSES_FOR[s]);
      if (bad !== undefined) throw AppError.badInput('status', `must be one or more of ${Object.keys(STATUSES_FOR).join(', ')} (comma-separated)`);
      statuses = asked.flatMap((s) => STATUSES_FOR[s]);
    }
    const count = int(single(q._count, '_count'), '_count', 50, 1, 100);
    const offset = int(single(q._offset, '_offset'), '_offset', 0, 0, 1_000_000);
    const { rows, total } = await this.referrals.received(viewer, { statuses, offset, limit: count });
    const query = (o: number) => `${baseUrl}/Task?owner=Organization/${ownerId}${status !== undefined ? `&status=${encodeURIComponent(status)}` : ''}&_count=${count}&_offset=${o}`;
    return searchBundle(rows.map((r) => taskResource(r)), total, { self: query(offset), next: offset + rows.length < total ? query(offset + count) : undefined }, baseUrl);
  }

  async task(viewer: Viewer, id: string): Promise<Versioned> {
    const r = await this.referrals.require(viewer, id);
    return { resource: taskResource(r), version: r.version };
  }

  async serviceRequest(viewer: Viewer, id: string): Promise<Versioned> {
    const r = await this.referrals.require(viewer, id);
    const [shared, service, types] = await Promise.all([this.referrals.sharedClient(viewer, r), this.directory.service(r.serviceId), this.taxonomy.serviceTypes()]);
    const names = new Map(types.map((t) => [t.code, t.nameId]));
    return { resource: serviceRequestResource(r, shared, service?.service ?? null, (code) => names.get(code) ?? code), version: r.version };
  }

  /** The client of a referral (the Patient's id is the referral's), as consent lets the viewer see them. */
  async patient(viewer: Viewer, id: string): Promise<Versioned> {
    const r = await this.referrals.require(viewer, id);
    return { resource: patientResource(r, await this.referrals.sharedClient(viewer, r)), version: r.version };
  }

  async organization(id: string): Promise<Versioned> {
    const o = await this.directory.organization(id);
    if (!o) throw AppError.notFound('Organization', id);
    return { resource: organizationResource(o), version: o.version };
  }

  async healthcareService(viewer: Viewer, id: string): Promise<Versioned> {
    const row = await this.directory.service(id);
    if (!row) throw AppError.notFound('Service', id);
    const [locations, categories, types] = await Promise.all([
      this.directory.locationsOfServices([id], viewer), this.taxonomy.needCategories(), this.taxonomy.serviceTypes(),
    ]);
    const needNames = new Map(categories.map((c) => [c.code, c.nameId]));
    const typeNames = new Map(types.map((t) => [t.code, t.nameId]));
    return {
      resource: healthcareServiceResource(row.service, locations, (c) => needNames.get(c) ?? c, (c) => typeNames.get(c) ?? c),
      version: row.service.version,
    };
  }

  async location(viewer: Viewer, id: string): Promise<Versioned> {
    const l = await this.directory.location(id, viewer);
    if (!l) throw AppError.notFound('Location', id);
    return { resource: locationResource(l) };
  }

  codeSystem(id: string): FhirResource {
    if (id !== 'decline-reason' && id !== 'referral-outcome') throw AppError.notFound('CodeSystem', id);
    return codeSystemResource(id);
  }

  /**
   * A change of a Task by JSON Patch (`patch`) or as a whole (`replacement`): its new status becomes the
   * lifecycle action (accepted = accept, rejected = decline with the reason code, in-progress = start, on-hold =
   * hold, completed = complete with the outcome, failed = fail). With If-Match, a stale version is refused
   * (PRECONDITION_FAILED, HTTP 412); without, the version read here is the one the change must apply to.
   */
  async changeTask(viewer: Viewer, id: string, change: { patch?: unknown; replacement?: unknown }, ifMatch: string | undefined): Promise<Versioned> {
    const expected = ifMatchVersion(ifMatch);
    const r = await this.referrals.require(viewer, id);
    if (expected !== undefined && expected !== r.version) throw staleVersion(r, expected);
    const current = taskResource(r);
    const next = change.patch !== undefined ? patchedTask(current, change.patch) : replacementTask(change.replacement);
    const wanted = taskChange(current, next);
    if (!wanted) return { resource: current, version: r.version };
    try {
      const updated = await this.referrals.apply(viewer, { referralId: r.id, expectedVersion: r.version, ...wanted });
      return { resource: taskResource(updated), version: updated.version };
    } catch (err) {
      if (expected !== undefined && err instanceof AppError && err.code === 'CONFLICT') throw staleVersion(r, expected);
      throw err;
    }
  }
}

function staleVersion(r: ReferralEntity, expected: number): AppError {
  return AppError.conflict(`The Task changed (version ${r.version}, If-Match names ${expected})`, { field: 'If-Match', preconditionFailed: true, version: r.version });
}

function replacementTask(body: unknown): FhirResource {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw AppError.badInput('body', 'must be a Task resource');
  return body as FhirResource;
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw AppError.badInput(name, 'must be given once');
  if (value.length > 300 || /\u0000/.test(value)) throw AppError.badInput(name, 'must be at most 300 characters, without NUL');
  return value;
}

function int(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) throw AppError.badInput(name, `must be a whole number from ${min} to ${max}`);
  return Number(value);
}
