import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CHANNELS, EventBus, PUB_SUB } from '../redis/pubsub';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { liveSubscriber, SubscriberRequest } from '../common/subscriber-sessions';
import { DeadLettersService } from './dead-letters.service';
import { NotificationConnection, NotificationDeliveryConnection, NotificationDeliveryType, NotificationType, OrganizationWebhookSetup, OrganizationWebhookType } from './notifications.types';
import { DeadLettersArgs, MarkNotificationsReadArgs, NotificationsArgs, SetOrganizationWebhookArgs } from './dto/notifications.inputs';
import { OrganizationWebhooksService } from './organization-webhooks.service';
import { toNotificationType, UserNotificationsService } from './user-notifications.service';

interface NotificationEvent {
  notificationId: string;
  template: string;
  data: Record<string, string>;
  occurredAt: string;
}

@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly webhooks: OrganizationWebhooksService,
    private readonly deadLetterList: DeadLettersService,
    private readonly stored: UserNotificationsService,
    @Inject(PUB_SUB) private readonly bus: EventBus,
  ) {}

  @Mutation(() => OrganizationWebhookSetup, { description: 'Admins and coordinators: set where an organisation receives webhooks' })
  setOrganizationWebhook(@CurrentUser() viewer: Viewer, @Args() args: SetOrganizationWebhookArgs): Promise<OrganizationWebhookSetup> {
    return this.webhooks.set(viewer, args);
  }

  @Query(() => OrganizationWebhookType, { nullable: true })
  organizationWebhook(
    @CurrentUser() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
  ): Promise<OrganizationWebhookType | null> {
    return this.webhooks.get(viewer, organizationId);
  }

  @Query(() => NotificationDeliveryConnection, { description: 'Admins: notification deliveries that failed for good' })
  deadLetters(@CurrentUser() viewer: Viewer, @Args() args: DeadLettersArgs): Promise<NotificationDeliveryConnection> {
    return this.deadLetterList.list(viewer, args);
  }

  @Mutation(() => NotificationDeliveryType, {
    description: 'Admins: sends a dead letter again (it turns PENDING and is queued); audited. CONFLICT when the delivery is not DEAD (e.g. redelivered already)',
  })
  redeliverDeadLetter(@CurrentUser() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<NotificationDeliveryType> {
    return this.deadLetterList.redeliver(viewer, id);
  }

  @Query(() => NotificationConnection, { description: "The signed-in user's notifications, newest first (their own only)" })
  notifications(@CurrentUser() viewer: Viewer, @Args() args: NotificationsArgs): Promise<NotificationConnection> {
    return this.stored.list(viewer, args);
  }

  @Mutation(() => Int, { description: "Marks the signed-in user's notifications read, by id or all; the number newly marked" })
  markNotificationsRead(@CurrentUser() viewer: Viewer, @Args() args: MarkNotificationsReadArgs): Promise<number> {
    return this.stored.markRead(viewer, args);
  }

  @Subscription(() => NotificationType, {
    description: "Notifications for the signed-in user and the user's organisation, as they are sent",
    // Per event, as the subscriber is now: a deactivated user or one moved to another organisation hears nothing more.
    resolve: async (e: NotificationEvent, _args: unknown, ctx: { req?: SubscriberRequest }): Promise<NotificationType> => {
      await liveSubscriber(ctx);
      return toNotificationType({ notificationId: e.notificationId, template: e.template, data: e.data, occurredAt: new Date(e.occurredAt), readAt: null });
    },
  })
  myNotifications(@CurrentUser() viewer: Viewer): AsyncIterableIterator<NotificationEvent> {
    const channels = [CHANNELS.userNotifications(viewer.id)];
    if (viewer.organizationId) channels.push(CHANNELS.organizationNotifications(viewer.organizationId));
    return this.bus.subscribe<NotificationEvent>(channels);
  }
}
