import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobPayloads } from '../jobs/job-registry';
import { DeliveryError, DeliveryOutcome } from './channels/delivery-outcome';
import { EmailSender } from './channels/email.sender';
import { SMS_SENDER, SmsSender } from './channels/sms.sender';
import { WebhookSender } from './channels/webhook.sender';
import { DeliveryRow, NotificationDeliveriesStore } from './notification-deliveries.store';
import { isTemplate, renderNotification, webhookBody } from './notification-templates';

type Payload = JobPayloads['notifications.deliver'];

/**
 * One attempt at one delivery. Reads the target (webhook URL and secret, email address, phone) now, so a
 * change since the notification applies. A delivery no longer PENDING is left alone, so a repeated job
 * sends nothing twice (receivers still get at least once: a crash between sending and recording repeats
 * it, with the same X-Rujuk-Delivery id). Failures are retried by BullMQ with exponential backoff; the
 * last failed attempt (or a permanent refusal) marks the delivery DEAD: the admins' dead-letter list.
 */
@Injectable()
@JobHandler('notifications.deliver')
export class DeliverNotificationJob implements JobProcessor<'notifications.deliver'> {
  private readonly logger = new Logger(DeliverNotificationJob.name);

  constructor(
    private readonly store: NotificationDeliveriesStore,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: Payload, job: Job<Payload>): Promise<{ status: string }> {
    const d = await this.store.find(payload.deliveryId);
    if (!d || d.status !== 'PENDING') return { status: d ? `already ${d.status}` : 'gone' };
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.attempt(d);
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
      const last = e.permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.store.finish(d.id, { status: last ? 'DEAD' : 'PENDING', error: e.message.slice(0, 500), statusCode: e.statusCode });
      if (last) this.logger.warn({ deliveryId: d.id, channel: d.channel, template: d.template, error: e.message }, 'notification delivery dead');
      if (e.permanent) throw new UnrecoverableError(e.message);
      throw e;
    }
    const reason = outcome.status === 'SKIPPED' ? outcome.reason : null;
    await this.store.finish(d.id, { status: outcome.status, error: reason, statusCode: outcome.status === 'SENT' ? outcome.statusCode : null });
    return { status: outcome.status };
  }

  private async attempt(d: DeliveryRow): Promise<DeliveryOutcome> {
    if (!isTemplate(d.template)) throw new DeliveryError(`unknown template ${d.template}`, true);
    const message = renderNotification(d.template, d.data, this.config.notifications.publicUrl);
    switch (d.channel) {
      case 'WEBHOOK': {
        const hook = d.organizationId ? await this.store.activeWebhook(d.organizationId) : null;
        if (!hook) return { status: 'SKIPPED', reason: 'no active webhook' };
        const body = webhookBody({
          deliveryId: d.id, notificationId: d.notificationId, template: d.template, organizationId: d.organizationId!,
          data: d.data, occurredAt: new Date(d.occurredAt).toISOString(), link: message.link,
        });
        return this.webhooks.send(hook, d.id, d.template, body);
      }
      case 'EMAIL': {
        const to = d.userId
          ? await this.store.activeUserEmail(d.userId)
          : ((await this.store.organizationContact(d.organizationId!))?.email ?? null);
        if (!to) return { status: 'SKIPPED', reason: 'no email address' };
        return this.email.send(to, message, d.id);
      }
      case 'SMS': {
        const phone = d.organizationId ? (await this.store.organizationContact(d.organizationId))?.phone : null;
        if (!phone) return { status: 'SKIPPED', reason: 'no phone number' };
        return this.sms.send(phone, message.sms, d.id);
      }
      default: {
        const unknownChannel: never = d.channel;
        throw new DeliveryError(`unknown channel ${String(unknownChannel)}`, true);
      }
    }
  }
}
