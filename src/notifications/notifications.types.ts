import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/connection';

export enum DeliveryChannelEnum {
  WEBHOOK = 'WEBHOOK',
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}
registerEnumType(DeliveryChannelEnum, { name: 'DeliveryChannel' });

export enum DeliveryStatusEnum {
  PENDING = 'PENDING',
  SENT = 'SENT',
  DEAD = 'DEAD',
  SKIPPED = 'SKIPPED',
}
registerEnumType(DeliveryStatusEnum, { name: 'DeliveryStatus' });

@ObjectType({ description: 'One id a notification is about, by name (referralId, caseId ...)' })
export class NotificationRef {
  @Field() name: string;
  @Field(() => ID) id: string;
}

@ObjectType('Notification', { description: 'An in-app notification: ids only; open the linked records for details' })
export class NotificationType {
  @Field(() => ID, { description: 'The same id live (myNotifications) and stored (notifications)' }) id: string;
  @Field({ description: 'The template key (e.g. referral.accepted)' }) template: string;
  @Field() title: string;
  @Field() body: string;
  @Field() occurredAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the signed-in user marked it read; null when unread (and live)' }) readAt: Date | null;
  @Field(() => ID, { nullable: true }) referralId: string | null;
  @Field(() => ID, { nullable: true }) caseId: string | null;
  @Field(() => [NotificationRef]) refs: NotificationRef[];
}

@ObjectType()
export class NotificationConnection extends Connection(NotificationType, 'Notification') {}

@ObjectType('OrganizationWebhook', { description: 'Where an organisation receives signed JSON notifications' })
export class OrganizationWebhookType {
  @Field(() => ID) organizationId: string;
  @Field() url: string;
  @Field() active: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field() secretRotatedAt: Date;
}

@ObjectType()
export class OrganizationWebhookSetup {
  @Field(() => OrganizationWebhookType) webhook: OrganizationWebhookType;
  @Field(() => String, {
    nullable: true,
    description: 'The signing secret, shown only when it was created or rotated by this call; store it now',
  })
  secret: string | null;
}

@ObjectType('NotificationDelivery', { description: 'One delivery of a notification on one channel to one recipient' })
export class NotificationDeliveryType {
  @Field(() => ID) id: string;
  @Field(() => ID) notificationId: string;
  @Field() template: string;
  @Field(() => DeliveryChannelEnum) channel: DeliveryChannelEnum;
  @Field(() => DeliveryStatusEnum) status: DeliveryStatusEnum;
  @Field(() => ID, { nullable: true }) organizationId: string | null;
  @Field(() => ID, { nullable: true }) userId: string | null;
  @Field(() => [NotificationRef]) refs: NotificationRef[];
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Int, { nullable: true }) lastStatusCode: number | null;
  @Field() occurredAt: Date;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) deadAt: Date | null;
}

@ObjectType()
export class NotificationDeliveryConnection extends Connection(NotificationDeliveryType, 'NotificationDelivery') {}

export function refsOf(data: Record<string, string>): NotificationRef[] {
  return Object.entries(data).map(([name, id]) => ({ name, id }));
}
