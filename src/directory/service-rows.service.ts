import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SERVICE_COLUMNS } from './directory-columns';
import type { ServiceEntity } from './service.entity';

/** A service row as other features judge it (eligibility, capacity, deadlines): active organisations only. */
export type ServiceRow = ServiceEntity & { capacityWaitlist: boolean };

/** A service's own acceptance deadlines by urgency, in minutes (null: the deployment's default). */
export type DeadlineMinutes = Record<'EMERGENCY' | 'URGENT' | 'ROUTINE', number | null>;

/**
 * The directory's door for features that act on services inside their own transaction (referrals): the rows
 * they check eligibility and capacity against, whether a location belongs to a service, a service's deadlines
 * and an organisation's name. No other feature reads the directory's tables.
 */
@Injectable()
export class ServiceRowsService {
  /** Services of active organisations, by id (missing ids are left out). */
  async load(tx: EntityManager, ids: readonly string[]): Promise<ServiceRow[]> {
    if (!ids.length) return [];
    return tx.query(`SELECT ${SERVICE_COLUMNS} FROM service s JOIN organization o ON o.id = s.organization_id AND o.active WHERE s.id = ANY($1::uuid[])`, [ids]);
  }

  async isLocationOf(tx: EntityManager, serviceId: string, locationId: string): Promise<boolean> {
    const [link] = await tx.query(`SELECT 1 FROM service_at_location WHERE service_id = $1 AND location_id = $2`, [serviceId, locationId]);
    return !!link;
  }

  async deadlineMinutes(tx: EntityManager, serviceId: string): Promise<DeadlineMinutes | null> {
    const [svc] = await tx.query(
      `SELECT deadline_emergency_minutes AS "EMERGENCY", deadline_urgent_minutes AS "URGENT", deadline_routine_minutes AS "ROUTINE" FROM service WHERE id = $1`,
      [serviceId],
    );
    return svc ?? null;
  }

  async organizationName(tx: EntityManager, organizationId: string): Promise<string | null> {
    const [org] = await tx.query(`SELECT name FROM organization WHERE id = $1`, [organizationId]);
    return org?.name ?? null;
  }
}
