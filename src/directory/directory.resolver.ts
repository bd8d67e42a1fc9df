import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { DirectoryReadsService } from './directory-reads.service';
import { LocationType, OrganizationConnection, OrganizationType, ServiceConnection, ServiceStatusEnum, ServiceType } from './directory.types';
import {
  CreateLocationInput, CreateOrganizationInput, CreateServiceInput, OrganizationsArgs, SearchServicesArgs,
  SetLocationScheduleInput, StaleServicesArgs, UpdateCapacityInput, UpdateOrganizationInput, UpdateServiceInput,
} from './dto/directory.inputs';
import { LocationsService } from './locations.service';
import { OrganizationsService } from './organizations.service';
import { ServiceRecordsService } from './service-records.service';
import { toOrganizationType } from './directory.mappers';

@Resolver()
export class DirectoryResolver {
  constructor(
    private readonly orgs: OrganizationsService,
    private readonly records: ServiceRecordsService,
    private readonly locations: LocationsService,
    private readonly reads: DirectoryReadsService,
  ) {}

  @Query(() => OrganizationType)
  async organization(@Args('id', { type: () => ID }) id: string): Promise<OrganizationType> {
    return toOrganizationType(await this.orgs.require(id));
  }

  @Query(() => OrganizationConnection)
  organizations(@Args() args: OrganizationsArgs): Promise<OrganizationConnection> {
    return this.orgs.list(args);
  }

  @Query(() => ServiceType)
  service(@Args('id', { type: () => ID }) id: string): Promise<ServiceType> {
    return this.reads.requireService(id);
  }

  @Query(() => ServiceConnection)
  searchServices(@Args() args: SearchServicesArgs): Promise<ServiceConnection> {
    return this.reads.search(args.filter, args);
  }

  @Query(() => ServiceConnection, { description: 'Services not verified within the staleness window (coordinators)' })
  staleServices(@CurrentUser() viewer: Viewer, @Args() args: StaleServicesArgs): Promise<ServiceConnection> {
    return this.reads.staleServices(viewer, args);
  }

  @Mutation(() => OrganizationType)
  createOrganization(@CurrentUser() viewer: Viewer, @Args('input') input: CreateOrganizationInput): Promise<OrganizationType> {
    return this.orgs.create(viewer, input);
  }

  @Mutation(() => OrganizationType)
  updateOrganization(@CurrentUser() viewer: Viewer, @Args('input') input: UpdateOrganizationInput): Promise<OrganizationType> {
    return this.orgs.update(viewer, input);
  }

  @Mutation(() => ServiceType)
  createService(@CurrentUser() viewer: Viewer, @Args('input') input: CreateServiceInput): Promise<ServiceType> {
    return this.records.create(viewer, input);
  }

  @Mutation(() => ServiceType)
  updateService(@CurrentUser() viewer: Viewer, @Args('input') input: UpdateServiceInput): Promise<ServiceType> {
    return this.records.update(viewer, input);
  }

  @Mutation(() => ServiceType)
  setServiceStatus(
    @CurrentUser() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => ServiceStatusEnum }) status: keyof typeof ServiceStatusEnum,
  ): Promise<ServiceType> {
    return this.records.setStatus(viewer, id, status);
  }

  @Mutation(() => ServiceType)
  updateServiceCapacity(@CurrentUser() viewer: Viewer, @Args('input') input: UpdateCapacityInput): Promise<ServiceType> {
    return this.records.updateCapacity(viewer, input);
  }

  @Mutation(() => ServiceType)
  verifyService(@CurrentUser() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ServiceType> {
    return this.records.verify(viewer, id);
  }

  @Mutation(() => LocationType)
  createLocation(@CurrentUser() viewer: Viewer, @Args('input') input: CreateLocationInput): Promise<LocationType> {
    return this.locations.create(viewer, input);
  }

  @Mutation(() => LocationType)
  setLocationSchedule(@CurrentUser() viewer: Viewer, @Args('input') input: SetLocationScheduleInput): Promise<LocationType> {
    return this.locations.setSchedule(viewer, input);
  }
}
