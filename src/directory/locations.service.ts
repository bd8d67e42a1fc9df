import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { canManageOrganization, canUpdateServiceOperations } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { toLocationType } from './directory.mappers';
import { LocationType } from './directory.types';
import { CreateLocationInput, ScheduleInput, SetLocationScheduleInput } from './dto/directory.inputs';
import { LocationEntity, ScheduleEntity, ServiceAtLocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { ServiceEntity } from './service.entity';

const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Opening hours: each range must open before it closes and not overlap another on the same day. */
export function validateSchedules(schedules: ScheduleInput[], field = 'input.schedules'): void {
  schedules.forEach((s, i) => {
    if (minutes(s.opensAt) >= minutes(s.closesAt)) {
      throw AppError.badInput(`${field}[${i}].closesAt`, `must be after opensAt (${s.opensAt}-${s.closesAt}); split overnight hours at 24:00`);
    }
  });
  for (let i = 0; i < schedules.length; i++) {
    for (let j = i + 1; j < schedules.length; j++) {
      const a = schedules[i];
      const b = schedules[j];
      if (a.weekday === b.weekday && minutes(a.opensAt) < minutes(b.closesAt) && minutes(b.opensAt) < minutes(a.closesAt)) {
        throw AppError.badInput(`${field}[${j}]`, `overlaps ${field}[${i}] on weekday ${a.weekday}`);
      }
    }
  }
}

@Injectable()
export class LocationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
  ) {}

  private static async replaceSchedules(tx: EntityManager, locationId: string, schedules: ScheduleInput[]): Promise<void> {
    const repo = tx.getRepository(ScheduleEntity);
    await repo.delete({ locationId });
    if (schedules.length) await repo.insert(schedules.map((s) => ({ locationId, ...s })));
  }

  async create(viewer: Viewer, input: CreateLocationInput): Promise<LocationType> {
    await this.taxonomy.assertRegions('input.regionCode', [input.regionCode]);
    if ((input.latitude === undefined) !== (input.longitude === undefined)) {
      throw AppError.badInput(input.latitude === undefined ? 'input.latitude' : 'input.longitude', 'latitude and longitude go together');
    }
    validateSchedules(input.schedules ?? []);
    return this.db.transaction(async (tx) => {
      const org = await tx.getRepository(OrganizationEntity).findOne({ where: { id: input.organizationId } });
      if (!org) throw AppError.badInput('input.organizationId', 'no such organisation');
      if (!canManageOrganization(viewer, org)) throw AppError.forbidden('You may not add locations to this organisation');
      const repo = tx.getRepository(LocationEntity);
      const loc = await repo.save(repo.create({
        organizationId: org.id, name: input.name.trim(), description: input.description ?? null,
        addressLine: input.addressLine ?? null, postalCode: input.postalCode ?? null, regionCode: input.regionCode,
        latitude: input.latitude ?? null, longitude: input.longitude ?? null, timeZone: input.timeZone ?? 'Asia/Jakarta',
        accessibility: input.accessibility ?? null, confidential: input.confidential ?? false,
      }));
      await LocationsService.replaceSchedules(tx, loc.id, input.schedules ?? []);
      const serviceIds = [...new Set(input.serviceIds ?? [])];
      if (serviceIds.length) {
        const services = await tx.getRepository(ServiceEntity).createQueryBuilder('s')
          .where('s.id = ANY(:ids::uuid[])', { ids: serviceIds }).getMany();
        const foreign = serviceIds.filter((id) => !services.some((s) => s.id === id && s.organizationId === org.id));
        if (foreign.length) throw AppError.badInput('input.serviceIds', `not a service of this organisation: ${foreign.join(', ')}`);
        await tx.getRepository(ServiceAtLocationEntity).insert(serviceIds.map((serviceId) => ({ serviceId, locationId: loc.id })));
      }
      await this.audit.record(tx, viewer, {
        action: 'LOCATION_CREATED', entityType: 'Location', entityId: loc.id, entityOrganizationId: org.id,
        details: { confidential: loc.confidential, serviceCount: serviceIds.length },
      });
      return toLocationType(loc, viewer);
    });
  }

  /** Opening hours are the provider's own to keep, like capacity. */
  async setSchedule(viewer: Viewer, input: SetLocationScheduleInput): Promise<LocationType> {
    validateSchedules(input.schedules);
    return this.db.transaction(async (tx) => {
      const loc = await tx.getRepository(LocationEntity).findOne({ where: { id: input.locationId }, lock: { mode: 'pessimistic_write' } });
      if (!loc) throw AppError.notFound('Location', input.locationId);
      const org = await tx.getRepository(OrganizationEntity).findOneOrFail({ where: { id: loc.organizationId } });
      if (!canUpdateServiceOperations(viewer, org)) throw AppError.forbidden('You may not change these opening hours');
      await LocationsService.replaceSchedules(tx, loc.id, input.schedules);
      await tx.getRepository(LocationEntity).update(loc.id, { updatedAt: new Date() });
      await this.audit.record(tx, viewer, {
        action: 'LOCATION_SCHEDULE_SET', entityType: 'Location', entityId: loc.id, entityOrganizationId: org.id,
        details: { ranges: input.schedules.length },
      });
      return toLocationType(loc, viewer);
    });
  }
}
