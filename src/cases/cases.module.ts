import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsService } from './assessments.service';
import { CaseWorkService } from './case-work.service';
import {
  AssessmentEntity, CaseEntity, CaseEventEntity, CaseNoteEntity, ClientEntity, ConsentEntity, GoalEntity, HouseholdMemberEntity, NeedEntity,
} from './cases.entity';
import { CasesResolver } from './cases.resolver';
import { ClientsService } from './clients.service';
import { ConsentsService } from './consents.service';
import { NeedsService } from './needs.service';

@Module({
  imports: [TaxonomyModule, TypeOrmModule.forFeature([ClientEntity, HouseholdMemberEntity, CaseEntity, CaseEventEntity, CaseNoteEntity, NeedEntity, AssessmentEntity, GoalEntity, ConsentEntity])],
  providers: [ClientsService, CaseWorkService, NeedsService, AssessmentsService, ConsentsService, CasesResolver],
  exports: [ClientsService, NeedsService, ConsentsService],
})
export class CasesModule {}
