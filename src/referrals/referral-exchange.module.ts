import { Module } from '@nestjs/common';
import { ReferralExchangeService } from './referral-exchange.service';
import { ReferralReadsService } from './referral-reads.service';
import { ReferralsCoreModule } from './referrals-core.module';

/** The referrals feature's door for partners' systems (FHIR): see ReferralExchangeService. */
@Module({ imports: [ReferralsCoreModule], providers: [ReferralReadsService, ReferralExchangeService], exports: [ReferralExchangeService] })
export class ReferralExchangeModule {}
