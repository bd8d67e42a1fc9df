import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Priority } from '../cases/cases.entity';
import type { ConsentCategory } from '../cases/cases.entity';
import type { ShareMode } from '../cases/consent-scope';
import type { ActorKind, DeclineReason, Outcome, ReferralStatus } from './referral-state';

@Entity('referral')
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('uuid') needId: string;
  @Column('uuid') clientId: string;
  @Column('uuid') fromOrganizationId: string;
  @Column('uuid') fromUserId: string;
  @Column('uuid') serviceId: string;
  @Column('uuid') toOrganizationId: string;
  @Column('uuid', { nullable: true }) locationId: string | null;
  @Column('text') urgency: Priority;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) consentCategories: ConsentCategory[];
  @Column('uuid', { array: true, default: () => "'{}'" }) consentIds: string[];
  /** Set when sent: the categories shared with the recipient (consent that covered it, see consent-scope.ts). */
  @Column('text', { array: true, nullable: true }) sharedCategories: ConsentCategory[] | null;
  /** Set when sent: CONSENT, or WITHOUT_IDENTIFYING_DATA with shareReason. */
  @Column('text', { nullable: true }) shareMode: ShareMode | null;
  @Column('text', { nullable: true }) shareReason: string | null;
  @Column('uuid', { array: true, default: () => "'{}'" }) alternatives: string[];
  @Column('uuid', { nullable: true }) matchRunId: string | null;
  @Column('text', { nullable: true }) eligibilityOverride: string | null;
  @Column('int', { default: 1 }) attempt: number;
  @Column('uuid', { nullable: true }) previousId: string | null;
  @Column('text', { default: 'DRAFT' }) status: ReferralStatus;
  /** Optimistic lock: every transition bumps it with `WHERE version = expected`. */
  @Column('int', { default: 1 }) version: number;
  @Column('timestamptz', { nullable: true }) acceptBy: Date | null;
  @Column('timestamptz', { nullable: true }) viewedAt: Date | null;
  @Column('timestamptz', { nullable: true }) appointmentAt: Date | null;
  @Column('text', { nullable: true }) declineReason: DeclineReason | null;
  @Column('text', { nullable: true }) statusReason: string | null;
  @Column('text', { nullable: true }) outcome: Outcome | null;
  @Column('uuid', { nullable: true }) suggestedNextServiceId: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { nullable: true }) answeredAt: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}

@Entity('referral_event')
export class ReferralEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') referralId: string;
  @Column('text', { nullable: true }) fromStatus: ReferralStatus | null;
  @Column('text') toStatus: ReferralStatus;
  @Column('text') action: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') actorKind: ActorKind;
  /** The single-referral link the receiving organisation acted through (actorKind LINK). */
  @Column('uuid', { nullable: true }) actorLinkId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  /** On a send: what the referral shares and on what ground. */
  @Column('jsonb', { nullable: true }) sharing: ReferralSharing | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}

/** The sharing decision a send records, on the referral and on its SENT event. */
export interface ReferralSharing {
  mode: ShareMode;
  categories: ConsentCategory[];
  reason: string | null;
}
