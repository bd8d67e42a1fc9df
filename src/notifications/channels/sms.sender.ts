import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryOutcome } from './delivery-outcome';

/** An SMS gateway. Implementations throw DeliveryError on failure (permanent when retrying cannot help). */
export interface SmsSender {
  send(to: string, text: string, deliveryId: string): Promise<DeliveryOutcome>;
}

export const SMS_SENDER = Symbol('SMS_SENDER');

/** Hides all but the last three digits of a number for logs. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 3 ? '***' : `${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/** SMS_ADAPTER=log: writes a line to the log instead of sending (development; no gateway chosen yet). */
@Injectable()
export class LogSmsSender implements SmsSender {
  private readonly logger = new Logger('Sms');

  async send(to: string, text: string, deliveryId: string): Promise<DeliveryOutcome> {
    this.logger.log({ to: maskPhone(to), deliveryId, length: text.length }, 'sms (log adapter)');
    return { status: 'SENT' };
  }
}
