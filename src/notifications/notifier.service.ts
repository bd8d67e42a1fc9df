import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CHANNELS } from '../common/pubsub';
import { OutboxService } from './outbox/outbox.service';
import type { OutboxMessage } from './outbox/outbox.types';
import { isTemplate, missingData, NotificationTemplate } from './notification-templates';
import type { DeliveryChannel, NotificationData, NotificationRecipient } from './notification.types';

export interface NotifyInput {
  recipient: NotificationRecipient;
  template: NotificationTemplate;
  /** Ids only ({ referralId }); the template names the keys it needs. */
  data: NotificationData;
  /** Channels to use instead of the template's defaults (e.g. add 'SMS' for an EMERGENCY referral). */
  channels?: DeliveryChannel[];
  /**
   * Idempotency key: a second notify with the same key (within the outbox retention) stores nothing.
   * Use one per fact, e.g. `referral.expired:<referralId>`.
   */
  dedupeKey?: string;
}

/**
 * The one way feature code tells people something. Writes, in the caller's transaction, an outbox
 * notification (the worker resolves recipients and channels and delivers with retries) and, for an
 * organisation or a user, an in-app event for the `myNotifications` subscription.
 */
@Injectable()
export class Notifier {
  constructor(private readonly outbox: OutboxService) {}

  /** Resolves to the notification id, or null when `dedupeKey` was already used. */
  async notify(manager: EntityManager, input: NotifyInput): Promise<string | null> {
    const messages = this.messages(input);
    const [id] = await this.outbox.addMany(manager, messages);
    return id;
  }

  /**
   * The outbox rows of one notification, for a caller that writes them together with its other messages in
   * one `OutboxService.addMany`: the notification first (its row id is the notification id), then, for an
   * organisation or a user, the in-app event. The event's dedupe key follows the notification's, so a
   * repeated key stores neither of the two.
   */
  messages(input: NotifyInput): OutboxMessage[] {
    if (!isTemplate(input.template)) throw new Error(`Unknown notification template "${input.template}"`);
    const missing = missingData(input.template, input.data);
    if (missing.length) throw new Error(`Notification ${input.template} needs data ${missing.join(', ')}`);
    const id = randomUUID();
    const notification: OutboxMessage = {
      kind: 'notification',
      id,
      payload: { recipient: input.recipient, template: input.template, data: input.data, channels: input.channels },
      dedupeKey: input.dedupeKey ? `notification:${input.dedupeKey}` : undefined,
    };
    const r = input.recipient;
    const channel =
      r.userId !== undefined ? CHANNELS.userNotifications(r.userId)
      : r.role !== undefined ? null
      : CHANNELS.organizationNotifications(r.organizationId);
    if (!channel) return [notification];
    return [notification, {
      kind: 'event',
      channel,
      payload: { notificationId: id, template: input.template, data: input.data, occurredAt: new Date().toISOString() },
      dedupeKey: `event:notification:${input.dedupeKey ?? id}`,
    }];
  }
}
