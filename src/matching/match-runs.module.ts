import { Module } from '@nestjs/common';
import { MatchRunsService } from './match-runs.service';

/** Matching's door for features that use recorded match runs: see MatchRunsService. */
@Module({ providers: [MatchRunsService], exports: [MatchRunsService] })
export class MatchRunsModule {}
