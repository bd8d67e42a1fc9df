import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { DeadLettersService } from './dead-letters.service';
import { NotificationDeliveriesStore } from './notification-deliveries.store';
import { NotificationsResolver } from './notifications.resolver';
import { OrganizationWebhooksService } from './organization-webhooks.service';

/** API side: webhook configuration, the dead-letter list, the myNotifications subscription. */
@Module({
  imports: [DirectoryModule],
  providers: [NotificationsResolver, OrganizationWebhooksService, DeadLettersService, NotificationDeliveriesStore],
})
export class NotificationsModule {}
