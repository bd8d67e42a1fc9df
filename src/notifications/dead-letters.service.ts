import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { OutboxService } from '../outbox/outbox.service';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import { canSeeDeadLetters } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { DeliveryRow, NotificationDeliveriesStore } from './notification-deliveries.store';
import { DeliveryChannelEnum, DeliveryStatusEnum, NotificationDeliveryType, refsOf } from './notifications.types';
import { DeadLettersArgs } from './dto/notifications.inputs';

export function toDeliveryType(r: DeliveryRow): NotificationDeliveryType {
  return {
    id: r.id, notificationId: r.notificationId, template: r.template,
    channel: r.channel as DeliveryChannelEnum, status: r.status as DeliveryStatusEnum,
    organizationId: r.organizationId, userId: r.userId, refs: refsOf(r.data ?? {}),
    attempts: r.attempts, lastError: r.lastError, lastStatusCode: r.lastStatusCode,
    occurredAt: r.occurredAt, createdAt: r.createdAt, deadAt: r.deadAt,
  };
}

/** Deliveries that failed for good, newest first, for admins to see, follow up and send again. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly store: NotificationDeliveriesStore,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async list(viewer: Viewer, args: DeadLettersArgs): Promise<ConnectionShape<NotificationDeliveryType>> {
    if (!canSeeDeadLetters(viewer)) throw AppError.forbidden('Only admins see failed notification deliveries');
    const window = pageWindow(args);
    const { rows, total } = await this.store.deadLetters(window.limit, window.offset);
    return toConnection(rows.map(toDeliveryType), total, window);
  }

  /**
   * Sends a dead letter again (after the receiver was fixed): in one transaction the delivery turns PENDING
   * (error and dead time cleared, its attempts kept), a `notifications.deliver` job for it goes into the outbox
   * under an id made from the delivery and its attempts so far, and the audit trail records who did it. Only a
   * DEAD delivery can be redelivered: a second call (it is PENDING now, or SENT or DEAD again later) is refused
   * with CONFLICT before anything is written; an unknown id is NOT_FOUND.
   */
  async redeliver(viewer: Viewer, id: string): Promise<NotificationDeliveryType> {
    if (!canSeeDeadLetters(viewer)) throw AppError.forbidden('Only admins redeliver failed notification deliveries');
    if (!isUUID(id)) throw AppError.badInput('id', 'must be an id');
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT status, attempts, channel, template, organization_id AS "organizationId" FROM notification_delivery WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw AppError.notFound('NotificationDelivery', id);
      if (row.status !== 'DEAD') throw AppError.conflict(`Only a dead delivery can be redelivered; this one is ${row.status}`, { status: row.status });
      await tx.query(`UPDATE notification_delivery SET status = 'PENDING', dead_at = NULL, last_error = NULL, last_status_code = NULL WHERE id = $1`, [id]);
      await this.outbox.add(tx, { kind: 'job', name: 'notifications.deliver', payload: { deliveryIds: [id] }, jobId: `redelivery-${id}-${row.attempts}` }, viewer);
      await this.audit.record(tx, viewer, {
        action: 'NOTIFICATION_DELIVERY_REDELIVERED', entityType: 'NotificationDelivery', entityId: id, entityOrganizationId: row.organizationId,
        details: { channel: row.channel, template: row.template, attemptsBefore: row.attempts },
      });
    });
    const [delivery] = await this.store.findMany([id]);
    return toDeliveryType(delivery);
  }
}
