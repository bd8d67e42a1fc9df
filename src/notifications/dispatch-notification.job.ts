import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobQueue } from '../jobs/job-queue.service';
import { jobId, JobPayloads } from '../jobs/job-registry';
import { NotificationDeliveriesStore, NewDelivery } from './notification-deliveries.store';
import { defaultChannels, isTemplate } from './notification-templates';

/**
 * Turns a notification into deliveries: resolves, now, who is told on which channel (an organisation's
 * active webhook, its contact email, its contact phone for SMS; a user's email; the active users of an
 * organisation with a role), records one notification_delivery each (unique, so a repeated dispatch adds
 * nothing) and enqueues every pending one under the id `delivery__<id>`.
 */
@Injectable()
@JobHandler('notifications.dispatch')
export class DispatchNotificationJob implements JobProcessor<'notifications.dispatch'> {
  constructor(
    private readonly store: NotificationDeliveriesStore,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(p: JobPayloads['notifications.dispatch']): Promise<{ deliveries: number }> {
    if (!isTemplate(p.template)) throw new Error(`unknown template ${p.template}`);
    const channels = new Set(p.channels ?? defaultChannels(p.template));
    const targets: NewDelivery[] = [];
    const r = p.recipient;
    if (r.userId !== undefined) {
      if (channels.has('EMAIL')) targets.push({ channel: 'EMAIL', organizationId: null, userId: r.userId });
    } else if (r.role !== undefined) {
      if (channels.has('EMAIL')) {
        for (const userId of await this.store.activeUsersWithRole(r.organizationId, r.role)) {
          targets.push({ channel: 'EMAIL', organizationId: null, userId });
        }
      }
    } else {
      const org = { organizationId: r.organizationId, userId: null };
      if (channels.has('WEBHOOK') && (await this.store.activeWebhook(r.organizationId))) targets.push({ channel: 'WEBHOOK', ...org });
      const contact = await this.store.organizationContact(r.organizationId);
      if (channels.has('EMAIL') && contact?.email) targets.push({ channel: 'EMAIL', ...org });
      if (channels.has('SMS') && contact?.phone) targets.push({ channel: 'SMS', ...org });
    }
    const pending = await this.store.record(
      { notificationId: p.notificationId, template: p.template, data: p.data, occurredAt: p.occurredAt },
      targets,
    );
    const n = this.config.notifications;
    for (const id of pending) {
      await this.jobs.add('notifications.deliver', { deliveryId: id }, {
        jobId: jobId('delivery', id),
        attempts: n.webhookMaxAttempts,
        backoff: { type: 'exponential', delay: n.webhookBackoffMs },
      });
    }
    return { deliveries: pending.length };
  }
}
