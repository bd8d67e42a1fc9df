import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type DataLoader from 'dataloader';
import { byKeys, defineLoader, requestLoader } from '../common/request-loaders';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { GenericPlanStatements } from '../database/generic-plans';
import { canSeeStaleServices } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { toOrganizationType, toServiceType } from './directory.mappers';
import { ServiceType } from './directory.types';
import { ServiceSearchFilter } from './dto/directory.inputs';
import { LocationEntity, ScheduleEntity } from './location.entity';
import { ServiceEntity } from './service.entity';
import { LOCATION_COLUMNS, organizationOfRow, SERVICE_COLUMNS } from './directory-columns';
import { buildServiceSearch, searchCriteria } from './service-search.query';

/** Reads of the directory: search, lookups by id, and the batches DataLoaders ask for. */
const SERVICES_BY_ID = defineLoader<string, ServiceEntity | null>('servicesById');

@Injectable()
export class DirectoryReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly generic: GenericPlanStatements,
    private readonly taxonomy: TaxonomyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(filter: ServiceSearchFilter = {}, page: { first?: number; after?: string }): Promise<ConnectionShape<ServiceType>> {
    const window = pageWindow(page);
    if (filter.needCategories?.length) await this.taxonomy.assertNeedCategories('filter.needCategories', filter.needCategories);
    if (filter.serviceTypes?.length) await this.taxonomy.assertServiceTypes('filter.serviceTypes', filter.serviceTypes);
    if (filter.regionCode !== undefined) await this.taxonomy.assertRegions('filter.regionCode', [filter.regionCode]);
    const { sql, params, fixedPlan } = buildServiceSearch(searchCriteria(filter), window.limit, window.offset);
    type Row = ServiceEntity & { distanceKm: number | null; totalCount: string };
    const rows = fixedPlan ? await this.generic.query<Row>(sql, params) : ((await this.db.query(sql, params)) as Row[]);
    const total = rows.length ? Number(rows[0].totalCount) : window.offset === 0 ? 0 : await this.countPastEnd(filter, window.offset);
    const services = rows.map((r) => ({ ...toServiceType(r, r.distanceKm), prefetchedOrganization: toOrganizationType(organizationOfRow(r)) }));
    return toConnection(services, total, window);
  }

  /** An empty page past the end carries no window count; ask again from the start for it. */
  private async countPastEnd(filter: ServiceSearchFilter, offset: number): Promise<number> {
    const first = await this.search(filter, { first: 1 });
    return Math.max(first.totalCount, offset);
  }

  /** Services by id for one request (a referral's service, wherever a list reaches one). */
  serviceLoader(request: object): DataLoader<string, ServiceEntity | null> {
    return requestLoader(request, SERVICES_BY_ID, async (ids) => byKeys(ids, await this.servicesByIds(ids), (x) => x.id));
  }

  async servicesByIds(ids: readonly string[]): Promise<ServiceEntity[]> {
    if (!ids.length) return [];
    return this.db.query(`SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.id = ANY($1::uuid[])`, [ids]);
  }

  async requireService(id: string): Promise<ServiceType> {
    const [row] = await this.servicesByIds([id]);
    if (!row) throw AppError.notFound('Service', id);
    return toServiceType(row);
  }

  async servicesOfOrganizations(orgIds: readonly string[]): Promise<ServiceEntity[]> {
    if (!orgIds.length) return [];
    return this.db.query(`SELECT ${SERVICE_COLUMNS} FROM service s WHERE s.organization_id = ANY($1::uuid[]) ORDER BY s.name`, [orgIds]);
  }

  /** Locations per service. A location shared by several services comes back once per service. */
  async locationsOfServices(serviceIds: readonly string[]): Promise<(LocationEntity & { serviceId: string })[]> {
    if (!serviceIds.length) return [];
    return this.db.query(
      `SELECT sl.service_id AS "serviceId", ${LOCATION_COLUMNS}
         FROM service_at_location sl JOIN location l ON l.id = sl.location_id
        WHERE sl.service_id = ANY($1::uuid[])
        ORDER BY l.name, l.id`,
      [serviceIds],
    );
  }

  async locationsOfOrganizations(orgIds: readonly string[]): Promise<LocationEntity[]> {
    if (!orgIds.length) return [];
    return this.db.getRepository(LocationEntity).createQueryBuilder('l')
      .where('l.organization_id = ANY(:ids::uuid[])', { ids: orgIds }).orderBy('l.name').getMany();
  }

  async schedulesOfLocations(locationIds: readonly string[]): Promise<ScheduleEntity[]> {
    if (!locationIds.length) return [];
    return this.db.getRepository(ScheduleEntity).createQueryBuilder('sc')
      .where('sc.location_id = ANY(:ids::uuid[])', { ids: locationIds })
      .orderBy('sc.weekday').addOrderBy('sc.opens_at').getMany();
  }

  /** Services the daily job marked stale, oldest verification first: the coordinator's to-do list. */
  async staleServices(viewer: Viewer, page: { first?: number; after?: string }): Promise<ConnectionShape<ServiceType>> {
    if (!canSeeStaleServices(viewer)) throw AppError.forbidden('Only coordinators and admins keep the directory');
    const window = pageWindow(page);
    const scope = viewer.regionScope;
    const rows: (ServiceEntity & { totalCount: string })[] = await this.db.query(
      `SELECT ${SERVICE_COLUMNS}, count(*) OVER () AS "totalCount"
         FROM service s JOIN organization o ON o.id = s.organization_id
        WHERE s.stale_since IS NOT NULL
          AND ($1::text IS NULL OR o.region_code = $1 OR o.region_code LIKE $1 || '.%')
        ORDER BY s.verified_at NULLS FIRST, s.id
        LIMIT $2 OFFSET $3`,
      [scope, window.limit, window.offset],
    );
    return toConnection(rows.map((r) => toServiceType(r)), rows.length ? Number(rows[0].totalCount) : 0, window);
  }

  get staleAfterDays(): number {
    return this.config.directory.staleAfterDays;
  }
}
