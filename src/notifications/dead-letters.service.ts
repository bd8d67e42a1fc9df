import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
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

/** Deliveries that failed for good, newest first, for admins to see and follow up. */
@Injectable()
export class DeadLettersService {
  constructor(private readonly store: NotificationDeliveriesStore) {}

  async list(viewer: Viewer, args: DeadLettersArgs): Promise<ConnectionShape<NotificationDeliveryType>> {
    if (!canSeeDeadLetters(viewer)) throw AppError.forbidden('Only admins see failed notification deliveries');
    const window = pageWindow(args);
    const { rows, total } = await this.store.deadLetters(window.limit, window.offset);
    return toConnection(rows.map(toDeliveryType), total, window);
  }
}
