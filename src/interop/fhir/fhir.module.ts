import { Module } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DirectoryPublicationModule } from '../../directory/directory-publication.module';
import { ReferralExchangeModule } from '../../referrals/referral-exchange.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';

/** FHIR R4 for partners' systems (hospitals): referrals as ServiceRequest + Task, the directory as Organization, HealthcareService, Location. */
@Module({
  imports: [ReferralExchangeModule, DirectoryPublicationModule, TaxonomyModule],
  controllers: [FhirController],
  providers: [FhirService, Clock],
})
export class FhirModule {}
