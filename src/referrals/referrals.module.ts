import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { CaseReferralsResolver } from './case-referrals.resolver';
import { ReferralReadsService } from './referral-reads.service';
import { ReferralsCoreModule } from './referrals-core.module';
import { ReferralsResolver } from './referrals.resolver';

@Module({ imports: [ReferralsCoreModule, DirectoryModule], providers: [ReferralReadsService, ReferralsResolver, CaseReferralsResolver] })
export class ReferralsModule {}
