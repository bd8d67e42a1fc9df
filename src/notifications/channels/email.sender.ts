import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RenderedMessage } from '../notification-templates';
import { DeliveryError, DeliveryOutcome } from './delivery-outcome';

/**
 * Email through SMTP_URL (nodemailer). Without SMTP_URL, outside production, messages are rendered by
 * nodemailer's JSON transport and written to MAIL_SINK_DIR/<deliveryId>.json (development and tests
 * read them there); in production without SMTP_URL email is off and deliveries are SKIPPED.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger(EmailSender.name);
  private readonly transport: Transporter | null;
  private readonly sinkDir: string | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const n = config.notifications;
    if (n.smtpUrl) {
      this.transport = createTransport(n.smtpUrl);
      this.sinkDir = null;
    } else if (config.env !== 'production') {
      this.transport = createTransport({ jsonTransport: true });
      this.sinkDir = resolve(n.mailSinkDir);
    } else {
      this.transport = null;
      this.sinkDir = null;
      this.logger.warn('SMTP_URL is not set: email notifications are skipped');
    }
  }

  async send(to: string, message: RenderedMessage, deliveryId: string): Promise<DeliveryOutcome> {
    if (!this.transport) return { status: 'SKIPPED', reason: 'email is not configured (SMTP_URL)' };
    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail({
        from: this.config.notifications.mailFrom,
        to,
        subject: message.subject,
        text: message.text,
        messageId: `<${deliveryId}@rujuk>`,
        headers: { 'X-Rujuk-Delivery': deliveryId },
      });
    } catch (err) {
      const e = err as Error & { responseCode?: number };
      // 5xx SMTP replies reject the message itself (bad address); 4xx and connection errors are transient.
      throw new DeliveryError(`smtp: ${e.message}`, (e.responseCode ?? 0) >= 500, e.responseCode);
    }
    if (this.sinkDir) {
      await mkdir(this.sinkDir, { recursive: true });
      await writeFile(join(this.sinkDir, `${deliveryId}.json`), String(info.message));
    }
    return { status: 'SENT' };
  }
}
