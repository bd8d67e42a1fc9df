import { Global, Module } from '@nestjs/common';
import { Notifier } from './notifier';

/** The Notifier for every feature module, in the API and the worker (it writes through the outbox). */
@Global()
@Module({ providers: [Notifier], exports: [Notifier] })
export class NotifierModule {}
