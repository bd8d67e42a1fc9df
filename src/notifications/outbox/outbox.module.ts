import { Global, Module } from '@nestjs/common';
import { Notifier } from '../notifier.service';
import { OutboxService } from './outbox.service';

/**
 * OutboxService and Notifier for every feature module, in the API and the worker: messages are written
 * in the caller's transaction and published by the worker's relay.
 */
@Global()
@Module({ providers: [OutboxService, Notifier], exports: [OutboxService, Notifier] })
export class OutboxModule {}
