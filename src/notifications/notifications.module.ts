import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { DeadLettersService } from './dead-letters.service';
import { NotificationDeliveriesStore } from './notification-deliveries.store';
import { NotificationsResolver } from './notifications.resolver';
import { OrganizationWebhooksService } from './organization-webhooks.service';
import { UserNotificationsService } from './user-notifications.service';

/** API side: webhook configuration, the dead-letter list, the stored notifications and the myNotifications subscription. */
@Module({
  imports: [DirectoryModule],
  providers: [NotificationsResolver, OrganizationWebhooksService, DeadLettersService, NotificationDeliveriesStore, UserNotificationsService],
})
export class NotificationsModule {}
