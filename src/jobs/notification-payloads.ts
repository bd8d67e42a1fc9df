/**
 * The payloads of the notification jobs (owned by the job registry), shared by the Notifier, the outbox and the
 * handlers. Payloads carry ids only: recipients' addresses are resolved when a delivery is attempted.
 */
import type { Role } from '../common/viewer';

export const DELIVERY_CHANNELS = ['WEBHOOK', 'EMAIL', 'SMS'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * Who is told: an organisation (its webhook, its referral contact's email, SMS to the referral contact's
 * phone), one user (email), or the active users of an organisation holding a role (email), e.g. the
 * sending organisation's supervisors.
 */
export type NotificationRecipient =
  | { organizationId: string; role?: undefined; userId?: undefined }
  | { userId: string; organizationId?: undefined; role?: undefined }
  | { organizationId: string; role: Role; userId?: undefined };

/** Ids the message is about, by name: { referralId, caseId, ... }. Never names, notes or contact data. */
export type NotificationData = Record<string, string>;

export interface DispatchPayload {
  /** The outbox message id; also the notification id shown to receivers and subscribers. */
  notificationId: string;
  template: string;
  recipient: NotificationRecipient;
  data: NotificationData;
  /** Channels to use; the template's defaults when absent. */
  channels?: DeliveryChannel[];
  occurredAt: string;
}

/** The notifications of one relay pass, dispatched together (see DispatchNotificationJob). */
export interface DispatchBatch {
  notifications: DispatchPayload[];
}

/** The deliveries of one dispatch, attempted together (see DeliverNotificationJob). */
export interface DeliveryBatch {
  deliveryIds: string[];
}
