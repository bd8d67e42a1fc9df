import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { canEditService, canUpdateServiceOperations, canVerifyService } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { toServiceType } from './directory.mappers';
import { ServiceType, sexToCode } from './directory.types';
import { CreateServiceInput, ServiceFieldsInput, UpdateCapacityInput, UpdateServiceInput } from './dto/directory.inputs';
import { LocationEntity, ServiceAtLocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { coverageKeys, ServiceEntity, ServiceStatus } from './service.entity';

type Access = (v: Viewer, org: OrganizationEntity) => boolean;

/** Writes to the directory's services: every use case one transaction, validated before anything is saved. */
@Injectable()
export class ServiceRecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
  ) {}

  private auditService(tx: EntityManager, viewer: Viewer, action: string, s: ServiceEntity, details: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record(tx, viewer, { action, entityType: 'Service', entityId: s.id, entityOrganizationId: s.organizationId, details });
  }

  private static changedFields(input: object): string[] {
    return Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'id' && k !== 'expectedVersion').map(([k]) => k).sort();
  }

  /** Loads a service and its organisation under a row lock, and checks the viewer's right. */
  private async lockForChange(tx: EntityManager, viewer: Viewer, id: string, allowed: Access) {
    const service = await tx.getRepository(ServiceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!service) throw AppError.notFound('Service', id);
    const org = await tx.getRepository(OrganizationEntity).findOneOrFail({ where: { id: service.organizationId } });
    if (!allowed(viewer, org)) throw AppError.forbidden('You may not change this service');
    return { service, org };
  }

  private async validateFields(input: ServiceFieldsInput, current?: ServiceEntity): Promise<void> {
    if (input.needCategories) {
      if (input.needCategories.length === 0) throw AppError.badInput('input.needCategories', 'must name at least one need category');
      await this.taxonomy.assertNeedCategories('input.needCategories', input.needCategories);
    }
    if (input.serviceTypes) await this.taxonomy.assertServiceTypes('input.serviceTypes', input.serviceTypes);
    if (input.areaCodes) {
      if (input.areaCodes.length === 0) throw AppError.badInput('input.areaCodes', 'must name at least one region');
      await this.taxonomy.assertRegions('input.areaCodes', input.areaCodes);
    }
    const min = input.minimumAge !== undefined ? input.minimumAge : current?.minimumAge ?? null;
    const max = input.maximumAge !== undefined ? input.maximumAge : current?.maximumAge ?? null;
    if (min !== null && max !== null && min > max) {
      throw AppError.badInput('input.minimumAge', `must not exceed maximumAge (${min} > ${max})`);
    }
  }

  private async linkLocations(tx: EntityManager, service: ServiceEntity, locationIds: string[] | undefined): Promise<void> {
    if (locationIds === undefined) return;
    const unique = [...new Set(locationIds)];
    if (unique.length) {
      const locs = await tx.getRepository(LocationEntity).createQueryBuilder('l')
        .where('l.id = ANY(:ids::uuid[])', { ids: unique }).getMany();
      const foreign = unique.filter((id) => !locs.some((l) => l.id === id && l.organizationId === service.organizationId));
      if (foreign.length) throw AppError.badInput('input.locationIds', `not a location of this organisation: ${foreign.join(', ')}`);
    }
    await tx.getRepository(ServiceAtLocationEntity).delete({ serviceId: service.id });
    if (unique.length) {
      await tx.getRepository(ServiceAtLocationEntity).insert(unique.map((locationId) => ({ serviceId: service.id, locationId })));
    }
  }

  private static applyFields(s: ServiceEntity, input: ServiceFieldsInput): void {
    if (input.name !== undefined) s.name = input.name.trim();
    if (input.description !== undefined) s.description = input.description;
    if (input.needCategories !== undefined) s.needCategories = [...new Set(input.needCategories)];
    if (input.serviceTypes !== undefined) s.serviceTypes = [...new Set(input.serviceTypes)];
    if (input.minimumAge !== undefined) s.minimumAge = input.minimumAge;
    if (input.maximumAge !== undefined) s.maximumAge = input.maximumAge;
    if (input.sex !== undefined) s.sex = sexToCode(input.sex);
    if (input.requiredDocuments !== undefined) s.requiredDocuments = input.requiredDocuments;
    if (input.free !== undefined) s.free = input.free;
    if (input.costDescription !== undefined) s.costDescription = input.costDescription;
    if (input.languages !== undefined) s.languages = [...new Set(input.languages)];
    if (input.areaCodes !== undefined) s.areaCodes = [...new Set(input.areaCodes)];
    if (input.acceptsReferrals !== undefined) s.acceptsReferrals = input.acceptsReferrals;
    if (input.acceptanceDeadline !== undefined) {
      s.deadlineEmergencyMinutes = input.acceptanceDeadline.emergencyMinutes ?? null;
      s.deadlineUrgentMinutes = input.acceptanceDeadline.urgentMinutes ?? null;
      s.deadlineRoutineMinutes = input.acceptanceDeadline.routineMinutes ?? null;
    }
    // A coordinator classifying an imported draft: the file's labels that mapped to nothing are settled.
    if (input.needCategories !== undefined || input.serviceTypes !== undefined) s.unmappedLabels = [];
    s.coverageKeys = coverageKeys(s.areaCodes, s.needCategories);
  }

  private static checkCapacity(available: number | null, maximum: number | null): void {
    if (available !== null && maximum !== null && available > maximum) {
      throw AppError.badInput('input.available', `must not exceed maximum (${available} > ${maximum})`);
    }
  }

  async create(viewer: Viewer, input: CreateServiceInput): Promise<ServiceType> {
    await this.validateFields(input);
    const cap = input.capacity;
    ServiceRecordsService.checkCapacity(cap?.available ?? null, cap?.maximum ?? null);
    return this.db.transaction(async (tx) => {
      const org = await tx.getRepository(OrganizationEntity).findOne({ where: { id: input.organizationId } });
      if (!org) throw AppError.badInput('input.organizationId', 'no such organisation');
      if (!canEditService(viewer, org)) throw AppError.forbidden('You may not add services to this organisation');
      const repo = tx.getRepository(ServiceEntity);
      const s = repo.create({
        organizationId: org.id, status: input.status ?? 'ACTIVE', needCategories: [], serviceTypes: [], requiredDocuments: [],
        languages: ['id'], areaCodes: [], free: true, acceptsReferrals: true,
        capacityAvailable: cap?.available ?? null, capacityMaximum: cap?.maximum ?? null, capacityUnit: cap?.unit ?? null,
        capacityUpdatedAt: cap ? new Date() : null, capacityWaitlist: cap?.waitlistOpen ?? false, verifiedAt: new Date(), verifiedBy: viewer.id,
      });
      ServiceRecordsService.applyFields(s, input);
      const saved = await repo.save(s);
      await this.linkLocations(tx, saved, input.locationIds);
      await this.auditService(tx, viewer, 'SERVICE_CREATED', saved);
      return toServiceType(saved);
    });
  }

  async update(viewer: Viewer, input: UpdateServiceInput): Promise<ServiceType> {
    return this.db.transaction(async (tx) => {
      const { service } = await this.lockForChange(tx, viewer, input.id, canEditService);
      if (input.expectedVersion !== undefined && input.expectedVersion !== service.version) {
        throw AppError.conflict(`Service changed since version ${input.expectedVersion} (now ${service.version})`);
      }
      await this.validateFields(input, service);
      ServiceRecordsService.applyFields(service, input);
      const saved = await tx.getRepository(ServiceEntity).save(service);
      await this.linkLocations(tx, saved, input.locationIds);
      await this.auditService(tx, viewer, 'SERVICE_UPDATED', saved, { fields: ServiceRecordsService.changedFields(input) });
      return toServiceType(saved);
    });
  }

  async setStatus(viewer: Viewer, id: string, status: ServiceStatus): Promise<ServiceType> {
    return this.db.transaction(async (tx) => {
      const { service } = await this.lockForChange(tx, viewer, id, canUpdateServiceOperations);
      const from = service.status;
      service.status = status;
      const saved = await tx.getRepository(ServiceEntity).save(service);
      await this.auditService(tx, viewer, 'SERVICE_STATUS_SET', saved, { from, to: status });
      return toServiceType(saved);
    });
  }

  async updateCapacity(viewer: Viewer, input: UpdateCapacityInput): Promise<ServiceType> {
    return this.db.transaction(async (tx) => {
      const { service } = await this.lockForChange(tx, viewer, input.serviceId, canUpdateServiceOperations);
      const available = input.available !== undefined ? input.available : service.capacityAvailable;
      const maximum = input.maximum !== undefined ? input.maximum : service.capacityMaximum;
      ServiceRecordsService.checkCapacity(available, maximum);
      service.capacityAvailable = available;
      service.capacityMaximum = maximum;
      if (input.unit !== undefined) service.capacityUnit = input.unit;
      if (input.waitlistOpen !== undefined) service.capacityWaitlist = input.waitlistOpen;
      service.capacityUpdatedAt = new Date();
      const saved = await tx.getRepository(ServiceEntity).save(service);
      await this.auditService(tx, viewer, 'SERVICE_CAPACITY_UPDATED', saved, { available, maximum });
      return toServiceType(saved);
    });
  }

  /** Records that a coordinator confirmed the record is true today (HSDS assured_date); clears staleness. */
  async verify(viewer: Viewer, id: string): Promise<ServiceType> {
    return this.db.transaction(async (tx) => {
      const { service } = await this.lockForChange(tx, viewer, id, canVerifyService);
      service.verifiedAt = new Date();
      service.verifiedBy = viewer.id;
      service.staleSince = null;
      const saved = await tx.getRepository(ServiceEntity).save(service);
      await this.auditService(tx, viewer, 'SERVICE_VERIFIED', saved);
      return toServiceType(saved);
    });
  }
}
