import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FollowUpChannel, FollowUpKind, FollowUpResult, FollowUpStatus, ContactTarget, FollowUpActorKind } from './follow-up-policy';

@Entity('follow_up')
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('uuid', { nullable: true }) referralId: string | null;
  /** The organisation that holds the case (its case managers and supervisors work on the task). */
  @Column('uuid') organizationId: string;
  /** For a provider check: the organisation asked. */
  @Column('uuid', { nullable: true }) providerOrganizationId: string | null;
  @Column('text') kind: FollowUpKind;
  @Column('text') contactTarget: ContactTarget;
  @Column('int', { default: 1 }) sequence: number;
  /** `<kind>:<referral or case>:<sequence>` for a task a job scheduled: the same job twice creates one task. */
  @Column('text', { nullable: true }) dedupeKey: string | null;
  @Column('timestamptz') dueAt: Date;
  @Column('uuid') assigneeId: string;
  @Column('text', { default: 'PENDING' }) status: FollowUpStatus;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) channel: FollowUpChannel | null;
  @Column('boolean', { nullable: true }) reached: boolean | null;
  @Column('text', { nullable: true }) result: FollowUpResult | null;
  @Column('text', { nullable: true }) notes: string | null;
  /** An outcome check asks for a reassessment on this instrument (the case's baseline's). */
  @Column('text', { nullable: true }) reassessmentInstrument: string | null;
  @Column('text', { nullable: true }) statusReason: string | null;
  @Column('timestamptz', { nullable: true }) notifiedAt: Date | null;
  @Column('timestamptz', { nullable: true }) escalatedAt: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('uuid', { nullable: true }) completedBy: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
  @Column('int', { default: 1 }) version: number;
}

/** Every state change of a follow-up, append-only (the database refuses UPDATE and DELETE). */
@Entity('follow_up_event')
export class FollowUpEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') followUpId: string;
  @Column('uuid') caseId: string;
  @Column('text') type: string;
  @Column('text', { nullable: true }) fromStatus: FollowUpStatus | null;
  @Column('text', { nullable: true }) toStatus: FollowUpStatus | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') actorKind: FollowUpActorKind;
  @Column('text', { nullable: true }) channel: FollowUpChannel | null;
  @Column('boolean', { nullable: true }) reached: boolean | null;
  @Column('text', { nullable: true }) result: FollowUpResult | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
