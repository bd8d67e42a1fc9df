import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PendingTimer, TimerSource, TimerSourceProvider } from '../jobs/timer-source.decorator';
import { NotificationDeliveriesStore } from './notification-deliveries.store';

/**
 * Every pending delivery has the `notifications.deliver` job its dispatch queued (its id noted on the row), with
 * the delivery retry policy (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS); one Redis lost is queued again, due at once.
 */
@Injectable()
@TimerSource('notifications.deliver')
export class DeliveryTimers implements TimerSourceProvider<'notifications.deliver'> {
  constructor(
    private readonly store: NotificationDeliveriesStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pending(after: string | null, limit: number, writtenBefore: Date): Promise<PendingTimer<'notifications.deliver'>[]> {
    const c = this.config.notifications;
    return (await this.store.pendingJobs(after, limit, writtenBefore)).map((j) => ({
      key: j.jobId, jobId: j.jobId, data: { deliveryIds: j.deliveryIds }, runAt: null,
      opts: { attempts: c.webhookMaxAttempts, backoff: { type: 'exponential', delay: c.webhookBackoffMs } },
    }));
  }
}
