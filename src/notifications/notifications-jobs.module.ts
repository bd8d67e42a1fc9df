import { Module } from '@nestjs/common';
import { EmailSender } from './channels/email.sender';
import { LogSmsSender, SMS_SENDER } from './channels/sms.sender';
import { WebhookSender } from './channels/webhook.sender';
import { DeliverNotificationJob } from './deliver-notification.job';
import { DispatchNotificationJob } from './dispatch-notification.job';
import { DeliveryTimers } from './delivery-timers';
import { NotificationDeliveriesStore } from './notification-deliveries.store';
import { OutboxRelayRunner } from '../outbox/outbox-relay.runner';
import { PruneOutboxJob } from '../outbox/prune-outbox.job';

/** Worker side: the outbox relay loop, notification dispatch and delivery (and the reconciler's source of delivery jobs), outbox pruning. */
@Module({
  providers: [
    OutboxRelayRunner, PruneOutboxJob, DispatchNotificationJob, DeliverNotificationJob,
    NotificationDeliveriesStore, DeliveryTimers, WebhookSender, EmailSender, { provide: SMS_SENDER, useClass: LogSmsSender },
  ],
})
export class NotificationsJobsModule {}
