import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { MatchingResolver } from './matching.resolver';
import { MatchingService } from './matching.service';

@Module({ imports: [TaxonomyModule], providers: [MatchingService, MatchingResolver], exports: [MatchingService] })
export class MatchingModule {}
