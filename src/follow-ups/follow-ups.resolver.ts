import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../common/current-user.decorator';
import type { Viewer } from '../common/viewer';
import { FollowUpReads } from './follow-up-reads.service';
import { FollowUpsService } from './follow-ups.service';
import {
  CancelFollowUpInput, CaseloadEntryType, FollowUpConnection, FollowUpsArgs, FollowUpType, RecordFollowUpInput, RecordFollowUpPayload,
  RescheduleFollowUpInput, ScheduleFollowUpInput,
} from './follow-ups.types';

@Resolver(() => FollowUpType)
export class FollowUpsResolver {
  constructor(
    private readonly work: FollowUpsService,
    private readonly reads: FollowUpReads,
  ) {}

  @Query(() => FollowUpConnection, { description: "The organisation's follow-ups (case side), or the partner's provider checks; soonest due first" })
  followUps(@CurrentUser() v: Viewer, @Args() args: FollowUpsArgs): Promise<FollowUpConnection> {
    return this.reads.list(v, args);
  }

  @Query(() => [CaseloadEntryType], { description: "Supervisors: each case manager's open cases, overdue follow-ups and referrals waiting for an answer" })
  caseload(@CurrentUser() v: Viewer): Promise<CaseloadEntryType[]> {
    return this.reads.caseload(v);
  }

  @Mutation(() => FollowUpType)
  scheduleFollowUp(@CurrentUser() v: Viewer, @Args('input') input: ScheduleFollowUpInput): Promise<FollowUpType> {
    return this.work.schedule(v, input);
  }

  @Mutation(() => RecordFollowUpPayload, { description: 'An attempt (reached: false) or an answer; partner staff answer their provider checks with PARTNER_IN_RUJUK' })
  recordFollowUp(@CurrentUser() v: Viewer, @Args('input') input: RecordFollowUpInput): Promise<RecordFollowUpPayload> {
    return this.work.record(v, input);
  }

  @Mutation(() => FollowUpType)
  rescheduleFollowUp(@CurrentUser() v: Viewer, @Args('input') input: RescheduleFollowUpInput): Promise<FollowUpType> {
    return this.work.reschedule(v, input);
  }

  @Mutation(() => FollowUpType)
  cancelFollowUp(@CurrentUser() v: Viewer, @Args('input') input: CancelFollowUpInput): Promise<FollowUpType> {
    return this.work.cancel(v, input);
  }
}
