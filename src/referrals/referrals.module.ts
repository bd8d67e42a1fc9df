import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { CaseReferralsResolver } from './case-referrals.resolver';
import { MatchingModule } from '../matching/matching.module';
import { ReferralReads } from './referral-reads.service';
import { ReferralsCoreModule } from './referrals-core.module';
import { ReferralsResolver } from './referrals.resolver';

@Module({ imports: [ReferralsCoreModule, DirectoryModule, MatchingModule], providers: [ReferralReads, ReferralsResolver, CaseReferralsResolver] })
export class ReferralsModule {}
