import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AdminQueuesDashboard } from './admin-queues.dashboard';

/** The queue dashboard for admins (mounted by the API's bootstrap at /admin/queues). */
@Module({ imports: [IdentityModule], providers: [AdminQueuesDashboard], exports: [AdminQueuesDashboard] })
export class AdminQueuesModule {}
