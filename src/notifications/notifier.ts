import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../outbox/outbox.service';
import type { OutboxMessage } from '../outbox/outbox.types';
import { isTemplate, missingData, NotificationTemplate } from './notification-templates';
import type { DeliveryChannel, NotificationData, NotificationRecipient } from '../jobs/notification-payloads';

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
 * The outbox row of one notification (its row id is the notification id), for a caller that writes it with
 * its other messages in one `OutboxService.addMany`; pure, so a feature's effect rules stay pure functions.
 */
export function notificationMessages(input: NotifyInput): OutboxMessage[] {
  if (!isTemplate(input.template)) throw new Error(`Unknown notification template "${input.template}"`);
  const missing = missingData(input.template, input.data);
  if (missing.length) throw new Error(`Notification ${input.template} needs data ${missing.join(', ')}`);
  return [{
    kind: 'notification',
    payload: { recipient: input.recipient, template: input.template, data: input.data, channels: input.channels },
    dedupeKey: input.dedupeKey ? `notification:${input.dedupeKey}` : undefined,
  }];
}

/**
 * The one way feature code tells people something. Writes, in the caller's transaction, one outbox
 * notification row: the relay shows it in the app (the `myNotifications` event on inAppChannel) and hands it
 * to the worker, which resolves recipients and channels and delivers with retries.
 */
@Injectable()
export class Notifier {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * Resolves to the notification id, or null when `dedupeKey` was already used. `cause` (the acting viewer, or
   * the request) gives the request id the notification's jobs carry (OutboxService).
   */
  async notify(manager: EntityManager, input: NotifyInput, cause?: object): Promise<string | null> {
    const [id] = await this.outbox.addMany(manager, this.messages(input), cause);
    return id;
  }

  /**
   * The outbox row of one notification, for a caller that writes it together with its other messages in one
   * `OutboxService.addMany` (its row id is the notification id). A repeated dedupe key stores nothing.
   */
  messages(input: NotifyInput): OutboxMessage[] {
    return notificationMessages(input);
  }
}
