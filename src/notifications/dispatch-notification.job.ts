import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobQueue } from '../jobs/job-queue';
import { batchJobId, JobPayloads } from '../jobs/job-registry';
import { NotificationDispatches } from '../outbox/notification-dispatches';
import { NewDelivery, NotificationDeliveriesStore, roleKey } from './notification-deliveries.store';
import { defaultChannels, isTemplate, NotificationTemplate } from './notification-templates';
import type { DeliveryChannel, DispatchPayload } from '../jobs/notification-payloads';

/** The most deliveries one `notifications.deliver` job attempts. */
export const DELIVERIES_PER_JOB = 100;

type Payload = JobPayloads['notifications.dispatch'];

/** The recipients' addresses a dispatch reads, for every notification of the batch at once. */
interface Directory {
  usersWithRole: Map<string, string[]>;
  webhooks: Map<string, unknown>;
  contacts: Map<string, { email: string | null; phone: string | null }>;
}

/** Of a notification whose template is known. */
const channelsOf = (n: DispatchPayload): Set<DeliveryChannel> => new Set(n.channels ?? defaultChannels(n.template as NotificationTemplate));

/**
 * Who is told on which channel, resolved now: an organisation's active webhook, its contact email, its
 * contact phone for SMS; a user's email; the active users of an organisation with a role.
 */
function deliveriesOf(n: DispatchPayload, found: Directory): NewDelivery[] {
  const channels = channelsOf(n);
  const r = n.recipient;
  if (r.userId !== undefined) return channels.has('EMAIL') ? [{ channel: 'EMAIL', organizationId: null, userId: r.userId }] : [];
  if (r.role !== undefined) {
    if (!channels.has('EMAIL')) return [];
    return (found.usersWithRole.get(roleKey(r.organizationId, r.role)) ?? []).map((userId) => ({ channel: 'EMAIL', organizationId: null, userId }));
  }
  const org = { organizationId: r.organizationId, userId: null };
  const contact = found.contacts.get(r.organizationId);
  const targets: NewDelivery[] = [];
  if (channels.has('WEBHOOK') && found.webhooks.has(r.organizationId)) targets.push({ channel: 'WEBHOOK', ...org });
  if (channels.has('EMAIL') && contact?.email) targets.push({ channel: 'EMAIL', ...org });
  if (channels.has('SMS') && contact?.phone) targets.push({ channel: 'SMS', ...org });
  return targets;
}

/**
 * Turns the notifications of one relay pass into deliveries: stores each for the users it tells (one INSERT
 * into user_notification, what `notifications` lists), resolves their recipients with a few set-based
 * reads, records one notification_delivery each in one INSERT (unique, so a repeated dispatch adds nothing),
 * and enqueues the pending ones in `notifications.deliver` jobs of up to DELIVERIES_PER_JOB, each under an
 * id made from its deliveries (the same pending set dispatched again is not queued twice); then notes the
 * notifications dispatched (NotificationDispatches), which ends the reconciler's watch over this job.
 */
@Injectable()
@JobHandler('notifications.dispatch')
export class DispatchNotificationJob implements JobProcessor<'notifications.dispatch'> {
  private readonly logger = new Logger(DispatchNotificationJob.name);

  constructor(
    private readonly store: NotificationDeliveriesStore,
    private readonly jobs: JobQueue,
    private readonly dispatches: NotificationDispatches,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(p: Payload | DispatchPayload): Promise<{ notifications: number; deliveries: number }> {
    // A job queued before dispatches were batched carries one notification.
    const all = 'notifications' in p ? p.notifications : [p];
    const notifications = all.filter((n) => {
      if (isTemplate(n.template)) return true;
      this.logger.warn({ notificationId: n.notificationId, template: n.template }, 'notification with an unknown template not dispatched');
      return false;
    });
    const orgs = notifications.filter((n) => n.recipient.userId === undefined && n.recipient.role === undefined).map((n) => n.recipient.organizationId!);
    const roles = notifications
      .filter((n) => n.recipient.role !== undefined && channelsOf(n).has('EMAIL'))
      .map((n) => ({ organizationId: n.recipient.organizationId!, role: n.recipient.role! }));
    const [usersWithRole, webhooks, contacts] = await Promise.all([
      this.store.activeUsersWithRoles(roles), this.store.activeWebhooks(orgs), this.store.organizationContacts(orgs),
    ]);
    const found: Directory = { usersWithRole, webhooks, contacts };
    const facts = (n: DispatchPayload) => ({ notificationId: n.notificationId, template: n.template, data: n.data, occurredAt: n.occurredAt });
    // What the app lists (`notifications`), stored before the deliveries so a retried dispatch completes both.
    await this.store.recordForUsers(notifications.map((n) => ({ ...facts(n), recipient: n.recipient })));
    const pending = await this.store.record(notifications.map((n) => ({ notification: facts(n), deliveries: deliveriesOf(n, found) })));
    const c = this.config.notifications;
    const jobs = [];
    for (let i = 0; i < pending.length; i += DELIVERIES_PER_JOB) {
      const deliveryIds = pending.slice(i, i + DELIVERIES_PER_JOB);
      jobs.push({
        name: 'notifications.deliver' as const,
        data: { deliveryIds },
        opts: { jobId: batchJobId('deliveries', deliveryIds), attempts: c.webhookMaxAttempts, backoff: { type: 'exponential', delay: c.webhookBackoffMs } },
      });
    }
    await this.store.assignJobs(jobs.map((j) => ({ jobId: j.opts.jobId, deliveryIds: j.data.deliveryIds })));
    await this.jobs.addBulk(jobs);
    // Last: until now the reconciler adds this job again if Redis loses it (a repeat records nothing twice).
    await this.dispatches.markDispatched(all.map((n) => n.notificationId));
    return { notifications: notifications.length, deliveries: pending.length };
  }
}
