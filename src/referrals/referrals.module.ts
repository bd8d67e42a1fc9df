import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { ServiceRowsModule } from '../directory/service-rows.module';
import { CaseReferralsResolver } from './case-referrals.resolver';
import { ReferralReadsService } from './referral-reads.service';
import { ReferralsCoreModule } from './referrals-core.module';
import { ReferralsResolver } from './referrals.resolver';
import { ReferralLinkAccessService } from './referral-link-access.service';
import { ReferralLinksResolver } from './referral-links.resolver';
import { Clock } from '../common/clock';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { ReferralLinkNeedResolver, SharedNeedResolver } from './need-names.resolver';

@Module({ imports: [ReferralsCoreModule, DirectoryModule, ServiceRowsModule, TaxonomyModule], providers: [SharedNeedResolver, ReferralLinkNeedResolver, ReferralReadsService, ReferralsResolver, CaseReferralsResolver, ReferralLinkAccessService, ReferralLinksResolver, Clock] })
export class ReferralsModule {}
