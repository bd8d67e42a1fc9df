import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { canManageOrganization } from '../identity/policies';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { ImportedLocation, ImportedOrganization, ImportedService } from './directory-import.types';
import { validateSchedules } from './locations.service';
import type { Identifier } from './organization.entity';
import { coverageKeys } from './service.entity';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

export interface BatchResult {
  /** Outcome of each service, by its key identifier. */
  outcomes: Map<string, ImportOutcome>;
  /** Organisations refused (by their key identifier), with the field and the rule. */
  refused: Map<string, { field: string; rule: string }>;
}

export interface UnclassifiedServiceRow {
  id: string;
  organizationId: string;
  organizationName: string;
  name: string;
  status: string;
  needCategories: string[];
  serviceTypes: string[];
  unmappedLabels: string[];
  regionCode: string;
  createdAt: Date;
}

const keyOf = (k: Identifier) => `${k.scheme}\u0000${k.identifier}`;
const sameSet = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Identifiers: the key first, then the others the source gave, then those the record already had from elsewhere. */
function mergeIdentifiers(key: Identifier, others: Identifier[], existing: Identifier[]): Identifier[] {
  const seen = new Set<string>();
  const out: Identifier[] = [];
  for (const i of [key, ...others, ...existing]) {
    const k = keyOf(i);
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ scheme: i.scheme, identifier: i.identifier });
    }
  }
  return out;
}

/**
 * The directory's door for imports: writes organisations with their services and locations, found by the
 * source identifiers kept in `identifiers` (created when new, updated when different, left alone when the
 * same), with the rules of the GraphQL mutations (the viewer's right to the organisation's region, codes that
 * exist, schedules that do not overlap), audited like them. A batch of organisations is one transaction; a
 * batch that fails is retried by the caller one organisation at a time, so one organisation's rows are
 * written all together or not at all.
 */
@Injectable()
export class DirectoryImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the codes (and schedules) of a batch with the mutations' own checks; throws BAD_USER_INPUT naming the first problem. */
  private async validate(org: ImportedOrganization): Promise<void> {
    await this.taxonomy.assertPartnerKind('organization.partnerKind', org.partnerKind);
    await this.taxonomy.assertRegions('organization.regionCode', [org.regionCode]);
    for (const s of org.services) {
      if (s.needCategories.length) await this.taxonomy.assertNeedCategories('service.needCategories', s.needCategories);
      await this.taxonomy.assertServiceTypes('service.serviceTypes', s.serviceTypes);
      await this.taxonomy.assertRegions('service.areaCodes', s.areaCodes);
    }
    for (const l of org.locations) {
      await this.taxonomy.assertRegions('location.regionCode', [l.regionCode]);
      validateSchedules(l.schedules, 'location.schedules');
    }
  }

  /** Writes (or, with `dryRun`, only compares) a batch of organisations in one transaction. */
  async applyBatch(viewer: Viewer, orgs: ImportedOrganization[], opts: { dryRun: boolean; importId: string | null }): Promise<BatchResult> {
    const result: BatchResult = { outcomes: new Map(), refused: new Map() };
    const valid: ImportedOrganization[] = [];
    for (const org of orgs) {
      try {
        await this.validate(org);
        valid.push(org);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.refused.set(org.key.identifier, { field: String(err.details.field ?? 'organization'), rule: String(err.details.rule ?? err.message) });
      }
    }
    if (!valid.length) return result;
    // A dry run too is one transaction (it only reads): the lookups' planner setting below is local to it.
    await this.db.transaction((tx) => this.write(tx, viewer, valid, opts, result));
    return result;
  }

  private async write(tx: EntityManager, viewer: Viewer, orgs: ImportedOrganization[], opts: { dryRun: boolean; importId: string | null }, result: BatchResult): Promise<void> {
    // The lookups by key go through the identifier-key GIN indexes whatever the table's statistics say: a table
    // an import is filling is larger than its last ANALYZE knows, and a sequential scan computes every row's keys
    // (1.5 s per batch of 1,000 keys at 5,000 services, growing with the table).
    await tx.query(`SET LOCAL enable_seqscan = off`);
    const existingOrgs = await this.findByKeys<{ id: string; name: string; partner_kind: string; description: string | null; website: string | null; email: string | null; phones: unknown; legal_status: string | null; identifiers: Identifier[]; region_code: string }>(
      tx, 'organization', 'id, name, partner_kind, description, website, email, phones, legal_status, identifiers, region_code', orgs.map((o) => o.key));
    const services = orgs.flatMap((o) => o.services);
    const locations = orgs.flatMap((o) => o.locations);
    const existingServices = await this.findByKeys<{ id: string; organization_id: string; name: string; description: string | null; need_categories: string[]; service_types: string[]; area_codes: string[]; minimum_age: number | null; maximum_age: number | null; languages: string[]; free: boolean; cost_description: string | null; required_documents: string[]; status: string; unmapped_labels: string[]; identifiers: Identifier[]; location_ids: string[] }>(
      tx, 'service', `id, organization_id, name, description, need_categories, service_types, area_codes, minimum_age, maximum_age, languages, free, cost_description, required_documents, status, unmapped_labels, identifiers,
        ARRAY(SELECT location_id FROM service_at_location sl WHERE sl.service_id = t.id) AS location_ids`, services.map((s) => s.key));
    const existingLocations = await this.findByKeys<{ id: string; organization_id: string; name: string; description: string | null; address_line: string | null; postal_code: string | null; region_code: string; latitude: number | null; longitude: number | null; time_zone: string; confidential: boolean; identifiers: Identifier[]; schedules: { weekday: number; opensAt: string; closesAt: string }[] }>(
      tx, 'location', `id, organization_id, name, description, address_line, postal_code, region_code, latitude, longitude, time_zone, confidential, identifiers,
        coalesce((SELECT jsonb_agg(jsonb_build_object('weekday', weekday, 'opensAt', to_char(opens_at, 'HH24:MI'), 'closesAt', to_char(closes_at, 'HH24:MI')) ORDER BY weekday, opens_at)
                    FROM schedule sc WHERE sc.location_id = t.id), '[]') AS schedules`, locations.map((l) => l.key));

    await tx.query(`SET LOCAL enable_seqscan = on`);

    const audits: AuditEntry[] = [];
    const orgInserts: Record<string, unknown>[] = [];
    const orgUpdates: Record<string, unknown>[] = [];
    const locInserts: Record<string, unknown>[] = [];
    const locUpdates: Record<string, unknown>[] = [];
    const scheduleLocations: string[] = [];
    const schedules: Record<string, unknown>[] = [];
    const svcInserts: Record<string, unknown>[] = [];
    const svcUpdates: Record<string, unknown>[] = [];
    const linkServices: string[] = [];
    const links: { service_id: string; location_id: string }[] = [];
    const details = { importId: opts.importId };

    for (const org of orgs) {
      const current = existingOrgs.get(keyOf(org.key));
      if (current && !canManageOrganization(viewer, { regionCode: current.region_code })) {
        result.refused.set(org.key.identifier, { field: 'organization', rule: 'you may not edit this organisation (outside your region)' });
        continue;
      }
      if (!canManageOrganization(viewer, { regionCode: org.regionCode })) {
        result.refused.set(org.key.identifier, { field: 'organization.regionCode', rule: `you may add organisations only within your region (${viewer.regionScope ?? 'all'})` });
        continue;
      }
      const orgRow = {
        id: current?.id ?? randomUUID(), name: org.name, partner_kind: org.partnerKind, description: org.description, website: org.website,
        email: org.email, phones: org.phones, legal_status: org.legalStatus, identifiers: mergeIdentifiers(org.key, org.otherIdentifiers, current?.identifiers ?? []),
        region_code: org.regionCode,
      };
      let orgChanged = false;
      if (!current) {
        orgInserts.push(orgRow);
        audits.push({ action: 'ORGANIZATION_CREATED', entityType: 'Organization', entityId: orgRow.id, entityOrganizationId: orgRow.id, details: { ...details, partnerKind: org.partnerKind, regionCode: org.regionCode } });
      } else {
        const fields = (['name', 'partner_kind', 'description', 'website', 'email', 'phones', 'legal_status', 'identifiers', 'region_code'] as const)
          .filter((f) => !same(orgRow[f], current[f]));
        if (fields.length) {
          orgChanged = true;
          orgUpdates.push(orgRow);
          audits.push({ action: 'ORGANIZATION_UPDATED', entityType: 'Organization', entityId: orgRow.id, entityOrganizationId: orgRow.id, details: { ...details, fields } });
        }
      }

      const locIds = new Map<string, string>();
      const changedLocations = new Set<string>();
      for (const l of org.locations) {
        const cur = existingLocations.get(keyOf(l.key));
        const row = {
          id: cur && cur.organization_id === orgRow.id ? cur.id : randomUUID(), organization_id: orgRow.id, name: l.name, description: l.description,
          address_line: l.addressLine, postal_code: l.postalCode, region_code: l.regionCode, latitude: l.latitude, longitude: l.longitude,
          // An import marks a location confidential, never the reverse: a file without the flag (an older export,
          // a spreadsheet without the column) must not publish a shelter's address.
          time_zone: l.timeZone, confidential: l.confidential || (cur?.organization_id === orgRow.id && cur.confidential), identifiers: mergeIdentifiers(l.key, [], cur?.identifiers ?? []),
        };
        locIds.set(l.key.identifier, row.id);
        const isNew = !cur || cur.organization_id !== orgRow.id;
        if (isNew) {
          locInserts.push({ ...row, identifiers: [l.key] });
          audits.push({ action: 'LOCATION_CREATED', entityType: 'Location', entityId: row.id, entityOrganizationId: orgRow.id, details: { ...details, confidential: row.confidential } });
        } else {
          const fields = (['name', 'description', 'address_line', 'postal_code', 'region_code', 'latitude', 'longitude', 'time_zone', 'confidential', 'identifiers'] as const).filter((f) => !same(row[f], cur[f]));
          const range = (x: { weekday: number; opensAt: string; closesAt: string }) => `${x.weekday} ${x.opensAt} ${x.closesAt}`;
          const schedulesChanged = !sameSet(cur.schedules.map(range), l.schedules.map(range));
          if (fields.length) locUpdates.push(row);
          if (fields.length || schedulesChanged) {
            changedLocations.add(l.key.identifier);
            audits.push({ action: 'LOCATION_UPDATED', entityType: 'Location', entityId: row.id, entityOrganizationId: orgRow.id, details: { ...details, fields: schedulesChanged ? [...fields, 'schedules'] : fields } });
          }
          if (!schedulesChanged) continue;
        }
        scheduleLocations.push(row.id);
        for (const sc of l.schedules) schedules.push({ location_id: row.id, ...sc });
      }

      for (const s of org.services) {
        const cur = existingServices.get(keyOf(s.key));
        const id = cur && cur.organization_id === orgRow.id ? cur.id : randomUUID();
        const row = {
          id, organization_id: orgRow.id, name: s.name, description: s.description, need_categories: s.needCategories, service_types: s.serviceTypes,
          area_codes: s.areaCodes, coverage_keys: coverageKeys(s.areaCodes, s.needCategories), minimum_age: s.minimumAge, maximum_age: s.maximumAge,
          languages: s.languages, free: s.free, cost_description: s.costDescription, required_documents: s.requiredDocuments, status: s.status,
          unmapped_labels: s.unmappedLabels, identifiers: mergeIdentifiers(s.key, [], cur?.identifiers ?? []),
        };
        const locationIds = s.locationKeys.map((k) => locIds.get(k)).filter((x): x is string => !!x);
        let outcome: ImportOutcome;
        if (!cur || cur.organization_id !== orgRow.id) {
          svcInserts.push({ ...row, verified_by: viewer.id });
          outcome = 'created';
          audits.push({ action: 'SERVICE_CREATED', entityType: 'Service', entityId: id, entityOrganizationId: orgRow.id, details: { ...details, draft: s.unmappedLabels.length > 0 || !s.needCategories.length } });
          linkServices.push(id);
          for (const lid of locationIds) links.push({ service_id: id, location_id: lid });
        } else {
          const arrays = ['need_categories', 'service_types', 'area_codes', 'languages', 'required_documents', 'unmapped_labels'] as const;
          const fields: string[] = [
            ...(['name', 'description', 'minimum_age', 'maximum_age', 'free', 'cost_description', 'status', 'identifiers'] as const).filter((f) => !same(row[f], cur[f])),
            ...arrays.filter((f) => !sameSet(row[f], cur[f])),
          ];
          const linksChanged = !sameSet(locationIds, cur.location_ids);
          if (fields.length) svcUpdates.push(row);
          if (linksChanged) {
            linkServices.push(id);
            for (const lid of locationIds) links.push({ service_id: id, location_id: lid });
          }
          const locationChanged = s.locationKeys.some((k) => changedLocations.has(k));
          outcome = fields.length || linksChanged || orgChanged || locationChanged ? 'updated' : 'unchanged';
          if (fields.length || linksChanged) {
            audits.push({ action: 'SERVICE_UPDATED', entityType: 'Service', entityId: id, entityOrganizationId: orgRow.id, details: { ...details, fields: linksChanged ? [...fields, 'locations'] : fields } });
          }
        }
        result.outcomes.set(s.key.identifier, outcome);
      }
    }
    if (opts.dryRun) return;

    if (orgInserts.length) {
      await tx.query(
        `INSERT INTO organization (id, name, partner_kind, description, website, email, phones, legal_status, identifiers, region_code)
         SELECT id, name, partner_kind, description, website, email, coalesce(phones, '[]'), legal_status, identifiers, region_code
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, name text, partner_kind text, description text, website text, email text, phones jsonb,
                legal_status text, identifiers jsonb, region_code text)`, [JSON.stringify(orgInserts)]);
    }
    if (orgUpdates.length) {
      await tx.query(
        `UPDATE organization o SET name = x.name, partner_kind = x.partner_kind, description = x.description, website = x.website, email = x.email,
                phones = coalesce(x.phones, '[]'), legal_status = x.legal_status, identifiers = x.identifiers, region_code = x.region_code,
                updated_at = now(), version = o.version + 1
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, name text, partner_kind text, description text, website text, email text, phones jsonb,
                legal_status text, identifiers jsonb, region_code text)
          WHERE o.id = x.id`, [JSON.stringify(orgUpdates)]);
    }
    const locCols = `id uuid, organization_id uuid, name text, description text, address_line text, postal_code text, region_code text,
                     latitude double precision, longitude double precision, time_zone text, confidential boolean, identifiers jsonb`;
    if (locInserts.length) {
      await tx.query(
        `INSERT INTO location (id, organization_id, name, description, address_line, postal_code, region_code, latitude, longitude, time_zone, confidential, identifiers)
         SELECT id, organization_id, name, description, address_line, postal_code, region_code, latitude, longitude, time_zone, confidential, identifiers
           FROM jsonb_to_recordset($1::jsonb) AS x(${locCols})`, [JSON.stringify(locInserts)]);
    }
    if (locUpdates.length) {
      await tx.query(
        `UPDATE location l SET name = x.name, description = x.description, address_line = x.address_line, postal_code = x.postal_code,
                region_code = x.region_code, latitude = x.latitude, longitude = x.longitude, time_zone = x.time_zone, confidential = x.confidential,
                identifiers = x.identifiers, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS x(${locCols}) WHERE l.id = x.id`, [JSON.stringify(locUpdates)]);
    }
    if (scheduleLocations.length) {
      await tx.query(`DELETE FROM schedule WHERE location_id = ANY($1::uuid[])`, [scheduleLocations]);
      if (schedules.length) {
        await tx.query(
          `INSERT INTO schedule (location_id, weekday, opens_at, closes_at)
           SELECT location_id, weekday, "opensAt"::time, "closesAt"::time
             FROM jsonb_to_recordset($1::jsonb) AS x(location_id uuid, weekday smallint, "opensAt" text, "closesAt" text)`, [JSON.stringify(schedules)]);
      }
    }
    const svcCols = `id uuid, organization_id uuid, name text, description text, need_categories text[], service_types text[], area_codes text[],
                     coverage_keys text[], minimum_age int, maximum_age int, languages text[], free boolean, cost_description text,
                     required_documents text[], status text, unmapped_labels text[], identifiers jsonb, verified_by uuid`;
    if (svcInserts.length) {
      // The location points are written with the service (service_points_of, as the links' trigger computes them),
      // so inserting the links below finds nothing to change instead of rewriting each new service row.
      const inserted = new Set(svcInserts.map((r) => r.id as string));
      const pairs = new Map(links.filter((l) => inserted.has(l.service_id)).map((l) => [`${l.service_id} ${l.location_id}`, l]));
      const newLinks = [...pairs.values()];
      await tx.query(
        `INSERT INTO service (id, organization_id, name, description, need_categories, service_types, area_codes, coverage_keys, minimum_age, maximum_age,
                              languages, free, cost_description, required_documents, status, unmapped_labels, identifiers, verified_at, verified_by,
                              point_location_ids, point_latitudes, point_longitudes, point_earths)
         SELECT id, organization_id, name, description, need_categories, service_types, area_codes, coverage_keys, minimum_age, maximum_age,
                languages, free, cost_description, required_documents, status, unmapped_labels, identifiers, now(), verified_by,
                coalesce(p.location_ids, '{}'), coalesce(p.latitudes, '{}'), coalesce(p.longitudes, '{}'), coalesce(p.earths, '{}')
           FROM jsonb_to_recordset($1::jsonb) AS x(${svcCols})
           LEFT JOIN service_points_of($2::uuid[], $3::uuid[]) p ON p.service_id = x.id`,
        [JSON.stringify(svcInserts), newLinks.map((l) => l.service_id), newLinks.map((l) => l.location_id)]);
    }
    if (svcUpdates.length) {
      await tx.query(
        `UPDATE service s SET name = x.name, description = x.description, need_categories = x.need_categories, service_types = x.service_types,
                area_codes = x.area_codes, coverage_keys = x.coverage_keys, minimum_age = x.minimum_age, maximum_age = x.maximum_age, languages = x.languages,
                free = x.free, cost_description = x.cost_description, required_documents = x.required_documents, status = x.status,
                unmapped_labels = x.unmapped_labels, identifiers = x.identifiers, updated_at = now(), version = s.version + 1
           FROM jsonb_to_recordset($1::jsonb) AS x(${svcCols}) WHERE s.id = x.id`, [JSON.stringify(svcUpdates)]);
    }
    if (linkServices.length) {
      await tx.query(`DELETE FROM service_at_location WHERE service_id = ANY($1::uuid[])`, [linkServices]);
      if (links.length) {
        await tx.query(
          `INSERT INTO service_at_location (service_id, location_id) SELECT DISTINCT service_id, location_id FROM jsonb_to_recordset($1::jsonb) AS x(service_id uuid, location_id uuid)`,
          [JSON.stringify(links)]);
      }
    }
    await this.audit.recordMany(tx, viewer, audits);
  }

  /** Records of a table holding one of the keys in their identifiers, by key: one statement through the keys' GIN index. */
  private async findByKeys<T extends { identifiers: Identifier[] }>(tx: EntityManager, table: 'organization' | 'service' | 'location', columns: string, keys: Identifier[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (!keys.length) return out;
    const wanted = new Set(keys.map(keyOf));
    const rows: T[] = await tx.query(
      `SELECT ${columns} FROM ${table} t WHERE identifier_keys(t.identifiers) && $1::text[]`,
      [[...new Set(keys.map((k) => `${k.scheme}|${k.identifier}`))]],
    );
    for (const r of rows) {
      for (const i of r.identifiers) {
        const k = keyOf(i);
        if (wanted.has(k) && !out.has(k)) out.set(k, r);
      }
    }
    return out;
  }

  /** Services imported as drafts (no need category, or labels that mapped to nothing), in the viewer's region. */
  async unclassified(viewer: Viewer, limit: number, offset: number): Promise<{ rows: UnclassifiedServiceRow[]; total: number }> {
    if (viewer.role !== 'ADMIN' && viewer.role !== 'COORDINATOR') throw AppError.forbidden('Only coordinators and admins classify imported services');
    const scope = viewer.role === 'ADMIN' ? null : viewer.regionScope;
    const rows = await this.db.query(
      `SELECT s.id, s.organization_id AS "organizationId", o.name AS "organizationName", s.name, s.status, s.need_categories AS "needCategories",
              s.service_types AS "serviceTypes", s.unmapped_labels AS "unmappedLabels", o.region_code AS "regionCode", s.created_at AS "createdAt",
              count(*) OVER () AS total
         FROM service s JOIN organization o ON o.id = s.organization_id
        WHERE (s.need_categories = '{}' OR s.unmapped_labels <> '{}')
          AND ($1::text IS NULL OR o.region_code = $1 OR o.region_code LIKE $1 || '.%')
        ORDER BY s.created_at, s.id LIMIT $2 OFFSET $3`,
      [scope, limit, offset],
    );
    return { rows: rows.map(({ total: _t, ...r }: { total: string }) => r), total: rows.length ? Number(rows[0].total) : 0 };
  }
}
