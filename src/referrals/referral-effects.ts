/**
 * What a referral's transition causes after the commit, as data: the outbox messages (deadline jobs,
 * notifications, subscription events) for a referral in its new state. Pure: no Nest, no database; the
 * transitions service writes what this returns in the same transaction as the change.
 */
import type { NotificationRecipient } from '../jobs/notification-payloads';
import type { NotificationTemplate } from '../notifications/notification-templates';
import { notificationMessages } from '../notifications/notifier';
import type { OutboxMessage } from '../outbox/outbox.types';
import { CHANNELS } from '../redis/pubsub';
import type { ReferralAction } from './referral-state';
import type { ReferralEntity } from './referral.entity';

type EffectReferral = Pick<
  ReferralEntity,
  'id' | 'version' | 'status' | 'urgency' | 'fromUserId' | 'fromOrganizationId' | 'toOrganizationId' | 'caseId' | 'sentAt' | 'acceptBy'
>;

/** One notification about a referral, deduplicated by template, referral and `key` (usually its version). */
export function referralNotification(
  r: Pick<ReferralEntity, 'id'>, template: NotificationTemplate, recipient: NotificationRecipient, key: string, linkId?: string,
): OutboxMessage[] {
  const data: Record<string, string> = linkId ? { referralId: r.id, linkId } : { referralId: r.id };
  return notificationMessages({ recipient, template, data, dedupeKey: `${template}:${r.id}:${key}` });
}

/** When a sent referral's receiving organisation is reminded: half-way between the send and the acceptance deadline. */
export function reminderAt(r: Pick<ReferralEntity, 'sentAt' | 'acceptBy'>): Date {
  const sentAt = r.sentAt!.getTime();
  return new Date(sentAt + (r.acceptBy!.getTime() - sentAt) / 2);
}

/** Who is told what after each action (the case manager who sent it, the receiving organisation, supervisors). */
const NOTIFIED: Partial<Record<ReferralAction, { template: NotificationTemplate; to: 'caseManager' | 'receiver' }[]>> = {
  send: [{ template: 'referral.new', to: 'receiver' }, { template: 'referral.sent', to: 'caseManager' }],
  accept: [{ template: 'referral.accepted', to: 'caseManager' }],
  decline: [{ template: 'referral.declined', to: 'caseManager' }],
  start: [{ template: 'referral.started', to: 'caseManager' }],
  hold: [{ template: 'referral.on-hold', to: 'caseManager' }],
  fail: [{ template: 'referral.failed', to: 'caseManager' }],
  complete: [{ template: 'referral.completed', to: 'caseManager' }],
  expire: [{ template: 'referral.expired', to: 'caseManager' }],
  cancel: [{ template: 'referral.cancelled', to: 'receiver' }],
};

/**
 * The outbox messages after `action` brought the referral to its new state: on a send its timer in the
 * `referral-deadlines` set, due at the reminder (ReferralDeadlinesJob then reminds and puts it back for the
 * deadline, or expires it); the notifications of the action (an expired EMERGENCY referral also
 * tells the sending organisation's supervisors; a send's message to the receiving organisation names the new
 * single-referral link, `linkId`); and one subscription event on the referral's four channels.
 */
export function messagesAfter(r: EffectReferral, action: ReferralAction, linkId?: string): OutboxMessage[] {
  const v = String(r.version);
  const messages: OutboxMessage[] = [];
  if (action === 'send') {
    messages.push({ kind: 'timer', set: 'referral-deadlines', member: r.id, runAt: reminderAt(r), dedupeKey: `timer:referral-deadlines:${r.id}:${v}` });
  }
  for (const n of NOTIFIED[action] ?? []) {
    const recipient: NotificationRecipient = n.to === 'caseManager' ? { userId: r.fromUserId } : { organizationId: r.toOrganizationId };
    // The receiving organisation's message carries its single-referral link's id (e-mail and SMS link to it).
    messages.push(...referralNotification(r, n.template, recipient, v, n.to === 'receiver' ? linkId : undefined));
  }
  if (action === 'expire' && r.urgency === 'EMERGENCY') {
    messages.push(...referralNotification(r, 'referral.expired', { organizationId: r.fromOrganizationId, role: 'SUPERVISOR' }, `${v}-supervisors`));
  }
  messages.push({
    kind: 'event',
    channel: [...new Set([CHANNELS.referral(r.id), CHANNELS.organizationReferrals(r.toOrganizationId), CHANNELS.organizationReferrals(r.fromOrganizationId), CHANNELS.caseReferrals(r.caseId)])],
    payload: { referralId: r.id, status: r.status, version: r.version },
    dedupeKey: `event:referral-change:${r.id}:${v}`,
  });
  return messages;
}
