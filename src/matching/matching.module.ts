import { Module } from '@nestjs/common';
import { MatchingResolver } from './matching.resolver';
import { MatchingService } from './matching.service';

@Module({ providers: [MatchingService, MatchingResolver], exports: [MatchingService] })
export class MatchingModule {}
