import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { defineLoader, groupByKeys, LoaderDefinition, requestLoader, ResolverContext } from '../common/request-loaders';
import { CurrentUser, viewerOf } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { AssessmentsService } from './assessments.service';
import { CaseWorkService } from './case-work.service';
import { AssessmentEntity, CaseEventEntity, CaseNoteEntity, ConsentEntity, GoalEntity, NeedEntity } from './cases.entity';
import { toAssessmentType, toCaseEventType, toCaseNoteType, toConsentType, toGoalType } from './cases.mappers';
import {
  AssessmentComparisonType, AssessmentType, CaseConnection, CaseEventType, CaseNoteType, CaseType, ClientConnection, ClientType, ConsentType, GoalType,
  NeedType, RegisterClientPayload,
} from './cases.types';
import { ClientsService } from './clients.service';
import { ConsentsService } from './consents.service';
import {
  AddNeedInput, AssessmentChangeArgs, CasesArgs, ClientsArgs, CloseCaseInput, EvaluateGoalInput, OpenCaseInput, RecordAssessmentInput, RecordConsentInput, RegisterClientInput,
  SetCaseStageInput, SetGoalsInput, UpdateClientInput, UpdateNeedInput,
} from './dto/cases.inputs';
import { NeedsService } from './needs.service';

const CASE_NEEDS = defineLoader<string, NeedEntity[]>('caseNeeds');
const CASE_ASSESSMENTS = defineLoader<string, AssessmentEntity[]>('caseAssessments');
const CASE_GOALS = defineLoader<string, GoalEntity[]>('caseGoals');
const CASE_EVENTS = defineLoader<string, CaseEventEntity[]>('caseEvents');
const CASE_NOTES = defineLoader<string, CaseNoteEntity[]>('caseNotes');

@Resolver(() => CaseType)
export class CasesResolver {
  constructor(
    private readonly clientsService: ClientsService,
    private readonly caseWork: CaseWorkService,
    private readonly needs: NeedsService,
    private readonly assessments: AssessmentsService,
    private readonly consents: ConsentsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Query(() => ClientType)
  client(@CurrentUser() v: Viewer, @Args('id', { type: () => ID }) id: string): Promise<ClientType> {
    return this.clientsService.view(v, id);
  }

  @Query(() => ClientConnection)
  clients(@CurrentUser() v: Viewer, @Args() args: ClientsArgs): Promise<ClientConnection> {
    return this.clientsService.list(v, args);
  }

  @Query(() => CaseType, { name: 'case' })
  kase(@CurrentUser() v: Viewer, @Args('id', { type: () => ID }) id: string): Promise<CaseType> {
    return this.caseWork.view(v, id);
  }

  @Query(() => CaseConnection)
  cases(@CurrentUser() v: Viewer, @Args() args: CasesArgs): Promise<CaseConnection> {
    return this.caseWork.list(v, args);
  }

  @Mutation(() => RegisterClientPayload)
  registerClient(@CurrentUser() v: Viewer, @Args('input') input: RegisterClientInput): Promise<RegisterClientPayload> {
    return this.clientsService.register(v, input);
  }

  @Mutation(() => ClientType)
  updateClient(@CurrentUser() v: Viewer, @Args('input') input: UpdateClientInput): Promise<ClientType> {
    return this.clientsService.update(v, input);
  }

  @Mutation(() => CaseType)
  openCase(@CurrentUser() v: Viewer, @Args('input') input: OpenCaseInput): Promise<CaseType> {
    return this.caseWork.open(v, input);
  }

  @Mutation(() => CaseType)
  setCaseStage(@CurrentUser() v: Viewer, @Args('input') input: SetCaseStageInput): Promise<CaseType> {
    return this.caseWork.setStage(v, input);
  }

  @Mutation(() => CaseType, { description: 'Closes with a reason code; refused while referrals are open unless forced with a note (they are then cancelled)' })
  closeCase(@CurrentUser() v: Viewer, @Args('input') input: CloseCaseInput): Promise<CaseType> {
    return this.caseWork.close(v, input);
  }

  @Mutation(() => CaseType, { description: 'Reopens a closed case at ASSESSMENT' })
  reopenCase(@CurrentUser() v: Viewer, @Args('caseId', { type: () => ID }) caseId: string, @Args('note') note: string): Promise<CaseType> {
    return this.caseWork.reopen(v, caseId, note);
  }

  @Mutation(() => GoalType, { description: "Records a goal's attainment; each evaluation is a case event" })
  evaluateGoal(@CurrentUser() v: Viewer, @Args('input') input: EvaluateGoalInput): Promise<GoalType> {
    return this.assessments.evaluateGoal(v, input);
  }

  @Query(() => AssessmentComparisonType, { nullable: true, description: 'Change of a reassessment against its baseline, per item and in total; by case, its latest reassessment (null when none)' })
  assessmentChange(@CurrentUser() v: Viewer, @Args() args: AssessmentChangeArgs): Promise<AssessmentComparisonType | null> {
    return this.assessments.change(v, args);
  }

  @Mutation(() => CaseNoteType)
  addCaseNote(@CurrentUser() v: Viewer, @Args('caseId', { type: () => ID }) caseId: string, @Args('body') body: string): Promise<CaseNoteType> {
    return this.caseWork.addNote(v, caseId, body);
  }

  @Mutation(() => NeedType)
  addNeed(@CurrentUser() v: Viewer, @Args('input') input: AddNeedInput): Promise<NeedType> {
    return this.needs.add(v, input);
  }

  @Mutation(() => NeedType)
  updateNeed(@CurrentUser() v: Viewer, @Args('input') input: UpdateNeedInput): Promise<NeedType> {
    return this.needs.update(v, input);
  }

  @Mutation(() => AssessmentType)
  recordAssessment(@CurrentUser() v: Viewer, @Args('input') input: RecordAssessmentInput): Promise<AssessmentType> {
    return this.assessments.record(v, input);
  }

  @Mutation(() => [GoalType])
  setGoals(@CurrentUser() v: Viewer, @Args('input') input: SetGoalsInput): Promise<GoalType[]> {
    return this.assessments.setGoals(v, input);
  }

  @Mutation(() => ConsentType)
  recordConsent(@CurrentUser() v: Viewer, @Args('input') input: RecordConsentInput): Promise<ConsentType> {
    return this.consents.record(v, input);
  }

  @Mutation(() => ConsentType)
  withdrawConsent(@CurrentUser() v: Viewer, @Args('consentId', { type: () => ID }) consentId: string): Promise<ConsentType> {
    return this.consents.withdraw(v, consentId);
  }

  // Relations of a case. The case itself was checked (and its read audited) by the query that returned it.
  // graphql-js's signature, no parameter decorators (see ResolverContext).

  @ResolveField('client', () => ClientType)
  async client_(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<ClientType> {
    return this.clientsService.view(viewerOf(req), c.clientId);
  }

  private byCase<E extends { caseId: string }>(req: object, name: LoaderDefinition<string, E[]>, entity: new () => E, order: Record<string, 'ASC' | 'DESC'>) {
    return requestLoader(req, name, async (ids) =>
      groupByKeys(ids, await this.db.getRepository(entity).find({ where: { caseId: In([...ids]) } as never, order: order as never }), (e) => e.caseId),
    );
  }

  @ResolveField('needs', () => [NeedType])
  async needs_(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<NeedType[]> {
    const rows = await this.byCase(req, CASE_NEEDS, NeedEntity, { createdAt: 'ASC' }).load(c.id);
    return Promise.all(rows.map((n) => this.needs.toType(n)));
  }

  @ResolveField('assessments', () => [AssessmentType])
  async assessments_(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<AssessmentType[]> {
    const rows = await this.byCase(req, CASE_ASSESSMENTS, AssessmentEntity, { takenAt: 'ASC' }).load(c.id);
    return Promise.all(rows.map(async (a) => toAssessmentType(a, await this.assessments.comparisonFor(a))));
  }

  @ResolveField(() => [GoalType])
  async goals(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<GoalType[]> {
    return (await this.byCase(req, CASE_GOALS, GoalEntity, { createdAt: 'ASC' }).load(c.id)).map(toGoalType);
  }

  @ResolveField(() => [CaseEventType], { description: 'Append-only history of the case and its needs' })
  async events(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<CaseEventType[]> {
    return (await this.byCase(req, CASE_EVENTS, CaseEventEntity, { id: 'ASC' }).load(c.id)).map(toCaseEventType);
  }

  @ResolveField(() => [CaseNoteType])
  async notes(c: CaseType, _args: unknown, { req }: ResolverContext): Promise<CaseNoteType[]> {
    return (await this.byCase(req, CASE_NOTES, CaseNoteEntity, { createdAt: 'ASC' }).load(c.id)).map(toCaseNoteType);
  }

  @ResolveField('consents', () => [ConsentType], { description: "The client's consents in force" })
  async consents_(c: CaseType): Promise<ConsentType[]> {
    return (await ConsentsService.inForce(this.db.manager, c.clientId)).map(toConsentType);
  }
}
