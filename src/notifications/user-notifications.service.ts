import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type { Viewer } from '../common/viewer';
import { notificationText } from './notification-templates';
import { NotificationType, refsOf } from './notifications.types';
import { MarkNotificationsReadArgs, NotificationsArgs } from './dto/notifications.inputs';

interface StoredRow {
  notificationId: string;
  template: string;
  data: Record<string, string>;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification as the app shows it, stored (readAt known) or live (readAt null). */
export function toNotificationType(n: { notificationId: string; template: string; data: Record<string, string>; occurredAt: Date; readAt: Date | null }): NotificationType {
  const data = n.data ?? {};
  return {
    id: n.notificationId, template: n.template, ...notificationText(n.template), occurredAt: n.occurredAt, readAt: n.readAt,
    referralId: data.referralId ?? null, caseId: data.caseId ?? null, refs: refsOf(data),
  };
}

/** The signed-in user's stored notifications: only their own, newest first; read marks are theirs too. */
@Injectable()
export class UserNotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(viewer: Viewer, args: NotificationsArgs): Promise<ConnectionShape<NotificationType>> {
    const window = pageWindow(args);
    const unread = args.unreadOnly ? 'AND read_at IS NULL' : '';
    const rows: StoredRow[] = await this.db.query(
      `SELECT notification_id AS "notificationId", template, data, created_at AS "createdAt", read_at AS "readAt"
         FROM user_notification WHERE user_id = $1 ${unread}
        ORDER BY created_at DESC, notification_id DESC LIMIT $2 OFFSET $3`,
      [viewer.id, window.limit, window.offset],
    );
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM user_notification WHERE user_id = $1 ${unread}`, [viewer.id]);
    return toConnection(rows.map((r) => toNotificationType({ ...r, occurredAt: r.createdAt })), total, window);
  }

  /** Marks the viewer's own notifications read (some by id, or all); the number newly marked. */
  async markRead(viewer: Viewer, args: MarkNotificationsReadArgs): Promise<number> {
    if (args.all && args.ids?.length) throw AppError.badInput('ids', 'give ids or all: true, not both');
    if (!args.all && !args.ids?.length) throw AppError.badInput('ids', 'name at least one notification, or give all: true');
    const [, marked] = await this.db.query(
      `UPDATE user_notification SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR notification_id = ANY($2::uuid[]))`,
      [viewer.id, args.all ? null : [...new Set(args.ids)]],
    );
    return marked as number;
  }
}
