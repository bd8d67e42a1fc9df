import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ShutdownDrain } from './shutdown-drain';

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [ShutdownDrain], exports: [ShutdownDrain] })
export class HealthModule {}
