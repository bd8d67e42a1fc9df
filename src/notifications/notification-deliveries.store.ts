import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '../identity/user.entity';
import type { DeliveryChannel, DeliveryStatus, NotificationData } from './notification.types';

export interface DeliveryRow {
  id: string;
  notificationId: string;
  template: string;
  channel: DeliveryChannel;
  organizationId: string | null;
  userId: string | null;
  data: NotificationData;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  occurredAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  deadAt: Date | null;
}

export interface NewDelivery {
  channel: DeliveryChannel;
  organizationId: string | null;
  userId: string | null;
}

const COLUMNS = `id, notification_id AS "notificationId", template, channel, organization_id AS "organizationId",
  user_id AS "userId", data, status, attempts, last_error AS "lastError", last_status_code AS "lastStatusCode",
  occurred_at AS "occurredAt", created_at AS "createdAt", sent_at AS "sentAt", dead_at AS "deadAt"`;

/** The SQL of notification deliveries, webhooks and recipient addresses, in one place. */
@Injectable()
export class NotificationDeliveriesStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records deliveries (a second dispatch of one notification adds nothing); returns the still pending ones. */
  async record(
    n: { notificationId: string; template: string; data: NotificationData; occurredAt: string },
    deliveries: NewDelivery[],
  ): Promise<string[]> {
    if (deliveries.length) {
      await this.db.query(
        `INSERT INTO notification_delivery (notification_id, template, data, occurred_at, channel, organization_id, user_id)
         SELECT $1, $2, $3, $4, d.channel, d.org, d.usr FROM unnest($5::text[], $6::uuid[], $7::uuid[]) AS d(channel, org, usr)
         ON CONFLICT ON CONSTRAINT notification_delivery_uq DO NOTHING`,
        [
          n.notificationId, n.template, JSON.stringify(n.data), n.occurredAt,
          deliveries.map((d) => d.channel), deliveries.map((d) => d.organizationId), deliveries.map((d) => d.userId),
        ],
      );
    }
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM notification_delivery WHERE notification_id = $1 AND status = 'PENDING' ORDER BY id`,
      [n.notificationId],
    );
    return rows.map((r) => r.id);
  }

  async find(id: string): Promise<DeliveryRow | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM notification_delivery WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Records one attempt's outcome; only a PENDING row changes (a concurrent duplicate attempt loses). */
  async finish(
    id: string,
    outcome: { status: DeliveryStatus; error?: string | null; statusCode?: number | null },
  ): Promise<boolean> {
    const [, count] = await this.db.query(
      `UPDATE notification_delivery
          SET status = $2, attempts = attempts + 1, last_error = $3, last_status_code = $4, updated_at = now(),
              sent_at = CASE WHEN $2 = 'SENT' THEN now() END, dead_at = CASE WHEN $2 = 'DEAD' THEN now() END
        WHERE id = $1 AND status = 'PENDING'`,
      [id, outcome.status, outcome.error ?? null, outcome.statusCode ?? null],
    );
    return Number(count) === 1;
  }

  async activeWebhook(organizationId: string): Promise<{ url: string; secret: string } | null> {
    const [row] = await this.db.query(
      `SELECT url, secret FROM organization_webhook WHERE organization_id = $1 AND active`,
      [organizationId],
    );
    return row ?? null;
  }

  /** Where an organisation wants referral mail and SMS: its referral contact, else its general email. */
  async organizationContact(organizationId: string): Promise<{ email: string | null; phone: string | null } | null> {
    const [row] = await this.db.query(
      `SELECT coalesce(nullif(referral_contact->>'email', ''), email) AS email,
              nullif(referral_contact->>'phone', '') AS phone
         FROM organization WHERE id = $1 AND active`,
      [organizationId],
    );
    return row ?? null;
  }

  async activeUserEmail(userId: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT email FROM user_account WHERE id = $1 AND active`, [userId]);
    return row?.email ?? null;
  }

  async activeUsersWithRole(organizationId: string, role: Role): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM user_account WHERE organization_id = $1 AND role = $2 AND active ORDER BY id`,
      [organizationId, role],
    );
    return rows.map((r) => r.id);
  }

  async deadLetters(limit: number, offset: number): Promise<{ rows: DeliveryRow[]; total: number }> {
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notification_delivery WHERE status = 'DEAD' ORDER BY dead_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM notification_delivery WHERE status = 'DEAD'`);
    return { rows, total };
  }
}
