import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CHANNELS, EventBus, PUB_SUB } from '../redis/pubsub';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { DeadLettersService } from './dead-letters.service';
import {
  DeadLettersArgs, NotificationDeliveryConnection, NotificationType, OrganizationWebhookSetup, OrganizationWebhookType,
  refsOf, SetOrganizationWebhookArgs,
} from './notifications.types';
import { OrganizationWebhooksService } from './organization-webhooks.service';

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

  @Subscription(() => NotificationType, {
    description: "Notifications for the signed-in user and the user's organisation, as they are sent",
    resolve: (e: NotificationEvent): NotificationType => ({
      id: e.notificationId, template: e.template, occurredAt: new Date(e.occurredAt), refs: refsOf(e.data ?? {}),
    }),
  })
  myNotifications(@CurrentUser() viewer: Viewer): AsyncIterableIterator<NotificationEvent> {
    const channels = [CHANNELS.userNotifications(viewer.id)];
    if (viewer.organizationId) channels.push(CHANNELS.organizationNotifications(viewer.organizationId));
    return this.bus.subscribe<NotificationEvent>(channels);
  }
}
