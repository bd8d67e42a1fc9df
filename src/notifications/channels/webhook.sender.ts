import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DELIVERY_HEADER, EVENT_HEADER, isRetryableStatus, SIGNATURE_HEADER, signBody } from '../webhook-signature';
import { DeliveryError, DeliveryOutcome } from './delivery-outcome';

export interface WebhookTarget {
  url: string;
  secret: string;
}

/**
 * JSON POST signed with the organisation's secret. 2xx is delivered; redirects are not followed; 5xx,
 * 408, 425, 429, timeouts and network errors are retried; other 4xx are permanent.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(target: WebhookTarget, deliveryId: string, event: string, body: string): Promise<DeliveryOutcome> {
    let res: Response;
    try {
      res = await fetch(target.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.notifications.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Rujuk-Webhook/1',
          [SIGNATURE_HEADER]: signBody(target.secret, body),
          [DELIVERY_HEADER]: deliveryId,
          [EVENT_HEADER]: event,
        },
        body,
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new DeliveryError(`webhook request failed: ${e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message)}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: 'SENT', statusCode: res.status };
    throw new DeliveryError(`webhook answered HTTP ${res.status}`, !isRetryableStatus(res.status) && res.status < 500 && res.status >= 400, res.status);
  }
}
