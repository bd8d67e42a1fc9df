import { Module } from '@nestjs/common';
import { EmailSender } from './channels/email.sender';
import { LogSmsSender, SMS_SENDER } from './channels/sms.sender';
import { WebhookSender } from './channels/webhook.sender';
import { DeliverNotificationJob } from './deliver-notification.job';
import { DispatchNotificationJob } from './dispatch-notification.job';
import { DeliveryTimers } from './delivery-timers';
import { NotificationDeliveriesStore } from './notification-deliveries.store';
import { NotificationDispatches } from '../outbox/notification-dispatches';
import { OutboxRelayRunner } from '../outbox/outbox-relay.runner';
import { PruneOutboxJob } from '../outbox/prune-outbox.job';

/**
 * Worker side: the outbox relay loop, notification dispatch and delivery (and the reconciler's sources of dispatch
 * and delivery jobs), outbox pruning.
 */
@Module({
  providers: [
    OutboxRelayRunner, PruneOutboxJob, DispatchNotificationJob, DeliverNotificationJob, NotificationDispatches,
    NotificationDeliveriesStore, DeliveryTimers, WebhookSender, EmailSender, { provide: SMS_SENDER, useClass: LogSmsSender },
  ],
})
export class NotificationsJobsModule {}
