import { Module } from '@nestjs/common';
import { ServiceRowsService } from './service-rows.service';

/** The directory's door for features acting on services in their own transaction: see ServiceRowsService. */
@Module({ providers: [ServiceRowsService], exports: [ServiceRowsService] })
export class ServiceRowsModule {}
