import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { escapeLike } from '../common/like-pattern';
import type { Viewer } from '../common/viewer';
import { streamRows } from '../database/cursor-stream';
import { LOCATION_COLUMNS, ORGANIZATION_COLUMNS, organizationOfRow, SERVICE_COLUMNS } from './directory-columns';
import { toLocationType, toScheduleType } from './directory.mappers';
import type { LocationType, ScheduleType } from './directory.types';
import type { LocationEntity, ScheduleEntity } from './location.entity';
import type { OrganizationEntity } from './organization.entity';
import type { ServiceEntity } from './service.entity';

/** A published service with its organisation (active organisations only). */
export interface PublishedService {
  service: ServiceEntity;
  organization: OrganizationEntity;
}

/** A location as the public may see it: a confidential one without address, postal code, description or coordinates. */
export type PublishedLocation = LocationType & { updatedAt: Date };

export interface PublishedServiceFilter {
  /** Words in the service's, or its organisation's, name or description. */
  search?: string;
  organizationId?: string;
  /** Services serving this PMKS category. */
  needCategory?: string;
  /** Services of this service type. */
  serviceType?: string;
  /** Services with at least one need category (true) or service type (false): "has a term of this taxonomy". */
  anyNeedCategory?: boolean;
  anyServiceType?: boolean;
  modifiedAfter?: Date;
}

/**
 * The directory's door for publishing it (HSDS, FHIR): what leaves Rujuk, read page by page or streamed with a
 * cursor. Only active organisations and their services are published; a confidential location never carries
 * its address, postal code, description or coordinates (toLocationType as an anonymous viewer), and the
 * organisations' referral contacts are left to the caller to keep (they are partner-private). Reads only.
 */
@Injectable()
export class DirectoryPublicationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private serviceWhere(f: PublishedServiceFilter, params: unknown[]): string {
    const where = ['o.active'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.search?.trim()) {
      add((n) => `(s.name ILIKE '%' || ${n} || '%' OR s.description ILIKE '%' || ${n} || '%' OR o.name ILIKE '%' || ${n} || '%')`, escapeLike(f.search.trim()));
    }
    if (f.organizationId) add((n) => `s.organization_id = ${n}::uuid`, f.organizationId);
    if (f.needCategory) add((n) => `${n}::text = ANY(s.need_categories)`, f.needCategory);
    if (f.serviceType) add((n) => `${n}::text = ANY(s.service_types)`, f.serviceType);
    if (f.anyNeedCategory) where.push(`cardinality(s.need_categories) > 0`);
    if (f.anyServiceType) where.push(`cardinality(s.service_types) > 0`);
    if (f.modifiedAfter) add((n) => `greatest(s.updated_at, o.updated_at) >= ${n}::timestamptz`, f.modifiedAfter.toISOString());
    return where.join(' AND ');
  }

  /** A page of published services with their organisations, by name, and the count of all that match. */
  async servicesPage(f: PublishedServiceFilter, offset: number, limit: number): Promise<{ rows: PublishedService[]; total: number }> {
    const params: unknown[] = [];
    const where = this.serviceWhere(f, params);
    const rows: (ServiceEntity & { totalCount: string })[] = await this.db.query(
      `SELECT ${SERVICE_COLUMNS}, ${ORGANIZATION_COLUMNS}, count(*) OVER () AS "totalCount"
         FROM service s JOIN organization o ON o.id = s.organization_id
        WHERE ${where}
        ORDER BY s.name, s.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      params,
    );
    const total = rows.length ? Number(rows[0].totalCount) : await this.countServices(f);
    return { rows: rows.map(withOrganization), total };
  }

  private async countServices(f: PublishedServiceFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM service s JOIN organization o ON o.id = s.organization_id WHERE ${this.serviceWhere(f, params)}`, params);
    return row.n;
  }

  /** One published service, or null (unknown, or of an inactive organisation). */
  async service(id: string): Promise<PublishedService | null> {
    const [row] = await this.db.query(
      `SELECT ${SERVICE_COLUMNS}, ${ORGANIZATION_COLUMNS} FROM service s JOIN organization o ON o.id = s.organization_id
        WHERE s.id = $1 AND o.active`,
      [id],
    );
    return row ? withOrganization(row) : null;
  }

  /** Every published service with its organisation, `batch` at a time through a cursor, ordered by id. */
  streamServices(onBatch: (rows: PublishedService[]) => Promise<void>, batch = 500): Promise<number> {
    return streamRows<ServiceEntity>(
      this.db,
      `SELECT ${SERVICE_COLUMNS}, ${ORGANIZATION_COLUMNS} FROM service s JOIN organization o ON o.id = s.organization_id WHERE o.active ORDER BY s.id`,
      [],
      (rows) => onBatch(rows.map(withOrganization)),
      batch,
    );
  }

  /** A page of active organisations, by name, optionally matching words in the name or description. */
  async organizationsPage(f: { search?: string }, offset: number, limit: number): Promise<{ rows: OrganizationEntity[]; total: number }> {
    const params: unknown[] = [];
    let where = 'o.active';
    if (f.search?.trim()) {
      params.push(escapeLike(f.search.trim()));
      where += ` AND (o.name ILIKE '%' || $1 || '%' OR o.description ILIKE '%' || $1 || '%')`;
    }
    const rows: (OrganizationEntity & { totalCount: string })[] = await this.db.query(
      `SELECT ${organizationColumns}, count(*) OVER () AS "totalCount" FROM organization o WHERE ${where}
        ORDER BY o.name, o.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      params,
    );
    if (rows.length) return { rows: rows.map(stripCount), total: Number(rows[0].totalCount) };
    const [count] = await this.db.query(`SELECT count(*)::int AS n FROM organization o WHERE ${where}`, params);
    return { rows: [], total: count.n };
  }

  /** One active organisation, or null. */
  async organization(id: string): Promise<OrganizationEntity | null> {
    const [row] = await this.db.query(`SELECT ${organizationColumns} FROM organization o WHERE o.id = $1 AND o.active`, [id]);
    return row ?? null;
  }

  /** Every active organisation through a cursor, ordered by id. */
  streamOrganizations(onBatch: (rows: OrganizationEntity[]) => Promise<void>, batch = 500): Promise<number> {
    return streamRows<OrganizationEntity>(this.db, `SELECT ${organizationColumns} FROM organization o WHERE o.active ORDER BY o.id`, [], onBatch, batch);
  }

  /** Services of these organisations (id and name), for an organisation's list of services. */
  async servicesOfOrganizations(orgIds: readonly string[]): Promise<ServiceEntity[]> {
    if (!orgIds.length) return [];
    return this.db.query(`SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.organization_id = ANY($1::uuid[]) ORDER BY s.name, s.id`, [orgIds]);
  }

  /** The locations of these services as the public (or `viewer`) may see them, each with the service it serves. */
  async locationsOfServices(serviceIds: readonly string[], viewer: Viewer | null = null): Promise<(PublishedLocation & { serviceId: string })[]> {
    if (!serviceIds.length) return [];
    const rows: (LocationEntity & { serviceId: string })[] = await this.db.query(
      `SELECT sl.service_id AS "serviceId", ${LOCATION_COLUMNS}
         FROM service_at_location sl JOIN location l ON l.id = sl.location_id
        WHERE sl.service_id = ANY($1::uuid[]) ORDER BY l.name, l.id`,
      [serviceIds],
    );
    return rows.map((l) => ({ ...published(l, viewer), serviceId: l.serviceId }));
  }

  /** The locations of these organisations as the public (or `viewer`) may see them. */
  async locationsOfOrganizations(orgIds: readonly string[], viewer: Viewer | null = null): Promise<PublishedLocation[]> {
    if (!orgIds.length) return [];
    const rows: LocationEntity[] = await this.db.query(
      `SELECT ${LOCATION_COLUMNS} FROM location l WHERE l.organization_id = ANY($1::uuid[]) ORDER BY l.name, l.id`,
      [orgIds],
    );
    return rows.map((l) => published(l, viewer));
  }

  /** One location of an active organisation as the viewer may see it, or null. */
  async location(id: string, viewer: Viewer | null): Promise<PublishedLocation | null> {
    const [row] = await this.db.query(
      `SELECT ${LOCATION_COLUMNS} FROM location l JOIN organization o ON o.id = l.organization_id WHERE l.id = $1 AND o.active`,
      [id],
    );
    return row ? published(row, viewer) : null;
  }

  /** Opening hours of these locations (weekday, HH:MM), each with its location. */
  async schedulesOfLocations(locationIds: readonly string[]): Promise<(ScheduleType & { id: string; locationId: string })[]> {
    if (!locationIds.length) return [];
    const rows: ScheduleEntity[] = await this.db.query(
      `SELECT id, location_id AS "locationId", weekday, opens_at::text AS "opensAt", closes_at::text AS "closesAt"
         FROM schedule WHERE location_id = ANY($1::uuid[]) ORDER BY location_id, weekday, opens_at, id`,
      [locationIds],
    );
    return rows.map((s) => ({ ...toScheduleType(s), id: s.id, locationId: s.locationId }));
  }
}

const organizationColumns = ORGANIZATION_COLUMNS.replace(/ AS "org_(\w+)"/g, ' AS "$1"') + ', o.id AS "id"';

function withOrganization(row: ServiceEntity): PublishedService {
  const { totalCount: _count, ...rest } = row as ServiceEntity & { totalCount?: string };
  const service: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (!key.startsWith('org_')) service[key] = value;
  return { service: service as unknown as ServiceEntity, organization: organizationOfRow(row) };
}

function stripCount<T extends { totalCount?: string }>(row: T): Omit<T, 'totalCount'> {
  const { totalCount: _count, ...rest } = row;
  return rest;
}

function published(l: LocationEntity, viewer: Viewer | null): PublishedLocation {
  return { ...toLocationType(l, viewer), updatedAt: l.updatedAt };
}
