import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '../common/viewer';
import type { DeliveryChannel, NotificationData, NotificationRecipient } from '../jobs/notification-payloads';

export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'DEAD', 'SKIPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

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

/** What every delivery of one notification records about it. */
export interface NotificationFacts {
  notificationId: string;
  template: string;
  data: NotificationData;
  occurredAt: string;
}

/** One attempt's outcome, as `finish` records it. */
export interface DeliveryAttempt {
  id: string;
  status: DeliveryStatus;
  error?: string | null;
  statusCode?: number | null;
}

/** The key of activeUsersWithRoles' answer. */
export function roleKey(organizationId: string, role: Role): string {
  return `${organizationId} ${role}`;
}

export interface NewDelivery {
  channel: DeliveryChannel;
  organizationId: string | null;
  userId: string | null;
}

const COLUMNS = `id, notification_id AS "notificationId", template, channel, organization_id AS "organizationId",
  user_id AS "userId", data, status, attempts, last_error AS "lastError", last_status_code AS "lastStatusCode",
  occurred_at AS "occurredAt", created_at AS "createdAt", sent_at AS "sentAt", dead_at AS "deadAt"`;

/**
 * The SQL of notification deliveries, webhooks and recipient addresses, in one place. Every method takes many
 * notifications or deliveries at once: dispatch and delivery jobs work on batches.
 */
@Injectable()
export class NotificationDeliveriesStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Records the deliveries of many notifications in one INSERT (a second dispatch of a notification adds
   * nothing) and returns the ids of their deliveries that are still pending.
   */
  async record(notifications: { notification: NotificationFacts; deliveries: NewDelivery[] }[]): Promise<string[]> {
    const rows = notifications.flatMap(({ notification: n, deliveries }) => deliveries.map((d) => ({ ...n, ...d })));
    if (rows.length) {
      await this.db.query(
        `INSERT INTO notification_delivery (notification_id, template, data, occurred_at, channel, organization_id, user_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::text[], $6::uuid[], $7::uuid[])
         ON CONFLICT ON CONSTRAINT notification_delivery_uq DO NOTHING`,
        [
          rows.map((r) => r.notificationId), rows.map((r) => r.template), rows.map((r) => JSON.stringify(r.data)),
          rows.map((r) => r.occurredAt), rows.map((r) => r.channel), rows.map((r) => r.organizationId), rows.map((r) => r.userId),
        ],
      );
    }
    const pending: { id: string }[] = await this.db.query(
      `SELECT id FROM notification_delivery WHERE notification_id = ANY($1::uuid[]) AND status = 'PENDING' ORDER BY id`,
      [notifications.map((n) => n.notification.notificationId)],
    );
    return pending.map((r) => r.id);
  }

  /**
   * Notes on each pending delivery the id of the job that carries it, so the reconciler can tell which job must
   * be in the queue while the delivery is pending (a redispatch that groups it anew notes the new job's id).
   * `id = ANY` lets the planner find the rows by primary key (it cannot estimate the recordset).
   */
  async assignJobs(jobs: { jobId: string; deliveryIds: string[] }[]): Promise<void> {
    const pairs = jobs.flatMap((j) => j.deliveryIds.map((id) => [id, j.jobId] as const));
    if (!pairs.length) return;
    await this.db.query(
      `UPDATE notification_delivery d SET job_id = x.job_id
         FROM unnest($1::uuid[], $2::text[]) AS x(id, job_id)
        WHERE d.id = ANY($1::uuid[]) AND d.id = x.id AND d.status = 'PENDING' AND d.job_id IS DISTINCT FROM x.job_id`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }

  /** Pending deliveries grouped by the job that carries them, by job id, after `after` (the reconciler's pages). */
  async pendingJobs(after: string | null, limit: number, writtenBefore: Date): Promise<{ jobId: string; deliveryIds: string[] }[]> {
    return this.db.query(
      `SELECT job_id AS "jobId", array_agg(id ORDER BY id) AS "deliveryIds"
         FROM notification_delivery
        WHERE status = 'PENDING' AND job_id IS NOT NULL AND created_at < $3 AND ($1::text IS NULL OR job_id > $1)
        GROUP BY job_id
        ORDER BY job_id
        LIMIT $2`,
      [after, limit, writtenBefore],
    );
  }

  /**
   * Stores each notification for the people it tells, in one INSERT: a user; the active users of an
   * organisation holding a role; every active user of an organisation. Keyed by (user, notification), so a
   * dispatch delivered twice stores each once. Returns the number of rows added. The users are found per
   * notification by key (its user, or its organisation's users): a join on a CASE would read every user for each.
   */
  async recordForUsers(notifications: (NotificationFacts & { recipient: NotificationRecipient })[]): Promise<number> {
    if (!notifications.length) return 0;
    const rows: unknown[] = await this.db.query(
      `INSERT INTO user_notification (user_id, notification_id, template, data, referral_id, case_id, created_at)
       SELECT u.id, n.notification_id, n.template, n.data, (n.data->>'referralId')::uuid, (n.data->>'caseId')::uuid, n.occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::uuid[], $6::uuid[], $7::text[])
                AS n(notification_id, template, data, occurred_at, user_id, organization_id, role)
         JOIN LATERAL (
                SELECT id FROM user_account WHERE n.user_id IS NOT NULL AND id = n.user_id AND active
                UNION ALL
                SELECT id FROM user_account WHERE n.user_id IS NULL AND organization_id = n.organization_id AND active AND (n.role IS NULL OR role = n.role)
              ) u ON true
       ON CONFLICT (user_id, notification_id) DO NOTHING
       RETURNING 1`,
      [
        notifications.map((n) => n.notificationId), notifications.map((n) => n.template), notifications.map((n) => JSON.stringify(n.data)),
        notifications.map((n) => n.occurredAt), notifications.map((n) => n.recipient.userId ?? null),
        notifications.map((n) => n.recipient.organizationId ?? null), notifications.map((n) => n.recipient.role ?? null),
      ],
    );
    return rows.length;
  }

  async findMany(ids: string[]): Promise<DeliveryRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM notification_delivery WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids]);
  }

  /** Records attempts' outcomes in one UPDATE; only PENDING rows change (a concurrent duplicate attempt loses). */
  async finish(outcomes: DeliveryAttempt[]): Promise<void> {
    if (!outcomes.length) return;
    await this.db.query(
      `UPDATE notification_delivery n
          SET status = o.status, attempts = n.attempts + 1, last_error = o.error, last_status_code = o.status_code, updated_at = now(),
              sent_at = CASE WHEN o.status = 'SENT' THEN now() END, dead_at = CASE WHEN o.status = 'DEAD' THEN now() END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS o(id, status, error, status_code)
        WHERE n.id = ANY($1::uuid[]) AND n.id = o.id AND n.status = 'PENDING'`,
      [outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => o.error ?? null), outcomes.map((o) => o.statusCode ?? null)],
    );
  }

  /** The active webhooks of these organisations, by organisation. */
  async activeWebhooks(organizationIds: string[]): Promise<Map<string, { url: string; secret: string }>> {
    if (!organizationIds.length) return new Map();
    const rows: { organizationId: string; url: string; secret: string }[] = await this.db.query(
      `SELECT organization_id AS "organizationId", url, secret FROM organization_webhook WHERE organization_id = ANY($1::uuid[]) AND active`,
      [[...new Set(organizationIds)]],
    );
    return new Map(rows.map((r) => [r.organizationId, { url: r.url, secret: r.secret }]));
  }

  /** Where active organisations want referral mail and SMS (their referral contact, else their general email), by organisation. */
  async organizationContacts(organizationIds: string[]): Promise<Map<string, { email: string | null; phone: string | null }>> {
    if (!organizationIds.length) return new Map();
    const rows: { id: string; email: string | null; phone: string | null }[] = await this.db.query(
      `SELECT id, coalesce(nullif(referral_contact->>'email', ''), email) AS email, nullif(referral_contact->>'phone', '') AS phone
         FROM organization WHERE id = ANY($1::uuid[]) AND active`,
      [[...new Set(organizationIds)]],
    );
    return new Map(rows.map((r) => [r.id, { email: r.email, phone: r.phone }]));
  }

  /** The email addresses of these users that are active, by user. */
  async activeUserEmails(userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const rows: { id: string; email: string }[] = await this.db.query(
      `SELECT id, email FROM user_account WHERE id = ANY($1::uuid[]) AND active`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  /** The active users holding a role in each of these organisations, keyed `<organizationId> <role>`. */
  async activeUsersWithRoles(wanted: { organizationId: string; role: Role }[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const pairs = [...new Map(wanted.map((w) => [roleKey(w.organizationId, w.role), w])).values()];
    if (!pairs.length) return found;
    const rows: { organizationId: string; role: Role; id: string }[] = await this.db.query(
      `SELECT u.organization_id AS "organizationId", u.role, u.id
         FROM user_account u JOIN unnest($1::uuid[], $2::text[]) AS w(organization_id, role)
           ON u.organization_id = w.organization_id AND u.role = w.role
        WHERE u.active
        ORDER BY u.id`,
      [pairs.map((w) => w.organizationId), pairs.map((w) => w.role)],
    );
    for (const r of rows) {
      const key = roleKey(r.organizationId, r.role);
      found.set(key, [...(found.get(key) ?? []), r.id]);
    }
    return found;
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
