import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/**
 * OutboxService for every feature module, in the API and the worker: messages are written in the caller's
 * transaction and published by the worker's relay.
 */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
