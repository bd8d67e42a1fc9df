import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobProcessor } from '../jobs/job-handler.decorator';
import { JobPayloads } from '../jobs/job-registry';
import { DeliveryError, DeliveryOutcome } from './channels/delivery-outcome';
import { EmailSender } from './channels/email.sender';
import { SMS_SENDER, SmsSender } from './channels/sms.sender';
import { WebhookSender } from './channels/webhook.sender';
import { DeliveryAttempt, DeliveryRow, NotificationDeliveriesStore } from './notification-deliveries.store';
import { isTemplate, renderNotification, webhookBody } from './notification-templates';
import { ReferralLinkTokens } from '../common/referral-link-token';

type Payload = JobPayloads['notifications.deliver'];

/** Deliveries of one job sent at once (webhook requests in flight). */
const SENDS_AT_ONCE = 20;

/** The targets of a batch's deliveries, read once for all of them, now (a change since the notification applies). */
interface Targets {
  webhooks: Map<string, { url: string; secret: string }>;
  contacts: Map<string, { email: string | null; phone: string | null }>;
  userEmails: Map<string, string>;
}

/**
 * One attempt at the deliveries of one dispatch. Reads them and their targets (webhook URL and secret, email
 * address, phone) in a few set-based reads, sends the ones still PENDING (SENDS_AT_ONCE at a time), and records
 * every outcome in one UPDATE. A delivery no longer PENDING is left alone, so a repeated job sends nothing
 * twice (receivers still get at least once: a crash between sending and recording repeats it, with the same
 * X-Rujuk-Delivery id). When some failed and may succeed later, the job fails and BullMQ runs it again with
 * exponential backoff: that attempt tries only those. On the job's last attempt, or when the receiver refused
 * the message as such, a failed delivery is DEAD: the admins' dead-letter list.
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
  ) {
    this.linkTokens = new ReferralLinkTokens(config.auth.jwtSecret);
  }

  private readonly linkTokens: ReferralLinkTokens;

  async handle(payload: Payload | { deliveryId: string }, job: Job): Promise<{ sent: number; skipped: number; dead: number }> {
    // A job queued before deliveries were batched carries one delivery.
    const ids = 'deliveryIds' in payload ? payload.deliveryIds : [payload.deliveryId];
    const pending = (await this.store.findMany(ids)).filter((d) => d.status === 'PENDING');
    const targets = await this.targets(pending);
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcomes: DeliveryAttempt[] = new Array(pending.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(SENDS_AT_ONCE, pending.length) }, async () => {
      while (next < pending.length) {
        const i = next++;
        outcomes[i] = await this.attempt(pending[i], targets, last);
      }
    }));
    await this.store.finish(outcomes);
    const failed = outcomes.filter((o) => o.status === 'PENDING');
    outcomes.forEach((o, i) => {
      const d = pending[i];
      if (o.status === 'DEAD') this.logger.warn({ deliveryId: d.id, channel: d.channel, template: d.template, error: o.error }, 'notification delivery dead');
    });
    if (failed.length) throw new DeliveryError(`${failed.length} of ${pending.length} deliveries failed, to be retried: ${failed[0].error}`);
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    return { sent: count('SENT'), skipped: count('SKIPPED'), dead: count('DEAD') };
  }

  /**
   * An organisation's e-mail or SMS about a referral sent with a single-referral link opens that link
   * (`/link/<token>`, the token computed from the link id now: it is stored nowhere); webhooks and users' e-mails
   * open the referral's page.
   */
  private singleReferralPath(d: DeliveryRow): string | undefined {
    const linkId = d.data.linkId;
    if (d.channel === 'WEBHOOK' || d.userId || typeof linkId !== 'string' || !linkId) return undefined;
    return `/link/${this.linkTokens.tokenFor(linkId)}`;
  }

  private async targets(deliveries: DeliveryRow[]): Promise<Targets> {
    const orgs = (channel: string) => deliveries.filter((d) => d.channel === channel && d.organizationId).map((d) => d.organizationId!);
    const [webhooks, contacts, userEmails] = await Promise.all([
      this.store.activeWebhooks(orgs('WEBHOOK')),
      this.store.organizationContacts([...orgs('EMAIL'), ...orgs('SMS')]),
      this.store.activeUserEmails(deliveries.filter((d) => d.channel === 'EMAIL' && d.userId).map((d) => d.userId!)),
    ]);
    return { webhooks, contacts, userEmails };
  }

  /** Sends one delivery; its outcome as recorded (a failure that may pass later stays PENDING unless `last`). */
  private async attempt(d: DeliveryRow, targets: Targets, last: boolean): Promise<DeliveryAttempt> {
    try {
      const outcome = await this.send(d, targets);
      if (outcome.status === 'SKIPPED') return { id: d.id, status: 'SKIPPED', error: outcome.reason };
      return { id: d.id, status: 'SENT', statusCode: outcome.statusCode ?? null };
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
      return { id: d.id, status: e.permanent || last ? 'DEAD' : 'PENDING', error: e.message.slice(0, 500), statusCode: e.statusCode ?? null };
    }
  }

  private async send(d: DeliveryRow, targets: Targets): Promise<DeliveryOutcome> {
    if (!isTemplate(d.template)) throw new DeliveryError(`unknown template ${d.template}`, true);
    const message = renderNotification(d.template, d.data, this.config.notifications.publicUrl, this.singleReferralPath(d));
    switch (d.channel) {
      case 'WEBHOOK': {
        const hook = d.organizationId ? targets.webhooks.get(d.organizationId) : undefined;
        if (!hook) return { status: 'SKIPPED', reason: 'no active webhook' };
        const body = webhookBody({
          deliveryId: d.id, notificationId: d.notificationId, template: d.template, organizationId: d.organizationId!,
          data: d.data, occurredAt: new Date(d.occurredAt).toISOString(), link: message.link,
        });
        return this.webhooks.send(hook, d.id, d.template, body);
      }
      case 'EMAIL': {
        const to = d.userId ? targets.userEmails.get(d.userId) : targets.contacts.get(d.organizationId!)?.email;
        if (!to) return { status: 'SKIPPED', reason: 'no email address' };
        return this.email.send(to, message, d.id);
      }
      case 'SMS': {
        const phone = d.organizationId ? targets.contacts.get(d.organizationId)?.phone : null;
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
