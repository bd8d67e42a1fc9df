import { ResolveField, Resolver } from '@nestjs/graphql';
import { defineLoader, groupByKeys, requestLoader, ResolverContext } from '../common/request-loaders';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { RegionType } from '../taxonomy/taxonomy.types';
import { DirectoryReadsService } from './directory-reads.service';
import { toLocationType, toOrganizationType, toScheduleType, toServiceType } from './directory.mappers';
import { LocationType, OrganizationType, ScheduleType, ServiceType } from './directory.types';
import { LocationEntity, ScheduleEntity } from './location.entity';
import { OrganizationsService } from './organizations.service';
import { ServiceEntity } from './service.entity';

/** Relations reachable from lists, each batched per request through a DataLoader (signature: ResolverContext). */
const SERVICE_LOCATIONS = defineLoader<string, (LocationEntity & { serviceId: string })[]>('serviceLocations');
const ORGANIZATION_SERVICES = defineLoader<string, ServiceEntity[]>('organizationServices');
const ORGANIZATION_LOCATIONS = defineLoader<string, LocationEntity[]>('organizationLocations');
const LOCATION_SCHEDULES = defineLoader<string, ScheduleEntity[]>('locationSchedules');

@Resolver(() => ServiceType)
export class ServiceFieldsResolver {
  constructor(
    private readonly reads: DirectoryReadsService,
    private readonly orgs: OrganizationsService,
  ) {}

  /**
   * Not async when the organisation came with the service (search, matching): a promise here makes graphql-js
   * wait for every service object of a list, and every object above it, through promiseForObject.
   */
  @ResolveField(() => OrganizationType)
  organization(s: ServiceType, _args: unknown, { req }: ResolverContext): OrganizationType | Promise<OrganizationType> {
    if (s.prefetchedOrganization) return s.prefetchedOrganization;
    return this.orgs.loader(req).load(s.organizationId).then((org) => toOrganizationType(org!));
  }

  @ResolveField(() => [LocationType])
  async locations(s: ServiceType, _args: unknown, { req }: ResolverContext): Promise<LocationType[]> {
    const locs = await requestLoader(req, SERVICE_LOCATIONS, async (ids) =>
      groupByKeys(ids, await this.reads.locationsOfServices(ids), (l) => l.serviceId),
    ).load(s.id);
    return locs.map((l) => toLocationType(l, req.user ?? null));
  }
}

@Resolver(() => OrganizationType)
export class OrganizationFieldsResolver {
  constructor(
    private readonly reads: DirectoryReadsService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @ResolveField(() => [ServiceType])
  async services(o: OrganizationType, _args: unknown, { req }: ResolverContext): Promise<ServiceType[]> {
    const rows = await requestLoader(req, ORGANIZATION_SERVICES, async (ids) =>
      groupByKeys(ids, await this.reads.servicesOfOrganizations(ids), (s) => s.organizationId),
    ).load(o.id);
    return rows.map((r) => toServiceType(r));
  }

  @ResolveField(() => [LocationType])
  async locations(o: OrganizationType, _args: unknown, { req }: ResolverContext): Promise<LocationType[]> {
    const rows = await requestLoader(req, ORGANIZATION_LOCATIONS, async (ids) =>
      groupByKeys(ids, await this.reads.locationsOfOrganizations(ids), (l) => l.organizationId),
    ).load(o.id);
    return rows.map((l) => toLocationType(l, req.user ?? null));
  }

  @ResolveField(() => RegionType, { nullable: true })
  async region(o: OrganizationType, _args: unknown, { req }: ResolverContext): Promise<RegionType | null> {
    return this.taxonomy.regionLoader(req).load(o.regionCode);
  }
}

@Resolver(() => LocationType)
export class LocationFieldsResolver {
  constructor(private readonly reads: DirectoryReadsService) {}

  @ResolveField(() => [ScheduleType])
  async schedules(l: LocationType, _args: unknown, { req }: ResolverContext): Promise<ScheduleType[]> {
    const rows = await requestLoader(req, LOCATION_SCHEDULES, async (ids) =>
      groupByKeys(ids, await this.reads.schedulesOfLocations(ids), (s) => s.locationId),
    ).load(l.id);
    return rows.map(toScheduleType);
  }
}
