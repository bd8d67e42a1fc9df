import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ClosureReason, GoalAttainment } from './case-closure';
import type { CaseStage } from './case-stage';

export type ContactPreference = 'PHONE' | 'SMS' | 'WHATSAPP' | 'VISIT' | 'NONE';
export type Priority = 'EMERGENCY' | 'URGENT' | 'ROUTINE';
export type NeedStatus = 'OPEN' | 'REFERRED' | 'BEING_SERVED' | 'MET' | 'NOT_MET' | 'WITHDRAWN';
export type GoalStatus = 'ACTIVE' | 'EVALUATED' | 'CANCELLED';
export type Severity = 'LOW' | 'MODERATE' | 'HIGH' | 'CRITICAL';
export const CONSENT_CATEGORIES = ['IDENTITY', 'CONTACT', 'NEEDS_SUMMARY', 'ASSESSMENT_DETAIL', 'HEALTH', 'LEGAL_HISTORY'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

const date = { type: 'date' as const, transformer: { from: (v: string | null) => v, to: (v: string | null) => v } };

@Entity('client')
export class ClientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('text') fullName: string;
  /** Lower-cased, single-spaced name for duplicate detection. */
  @Column('text') nameKey: string;
  @Column(date) birthDate: string;
  @Column('boolean', { default: false }) birthDateEstimated: boolean;
  @Column('char', { length: 1 }) sex: 'F' | 'M';
  @Column('text', { nullable: true, select: false }) nikCiphertext: string | null;
  @Column('text', { nullable: true, select: false }) nikHash: string | null;
  @Column('text', { nullable: true, select: false }) kkCiphertext: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) addressLine: string | null;
  @Column('varchar', { length: 13 }) regionCode: string;
  @Column('varchar', { length: 13 }) regencyCode: string;
  @Column('double precision', { nullable: true }) latitude: number | null;
  @Column('double precision', { nullable: true }) longitude: number | null;
  @Column('text', { array: true, default: () => "'{id}'" }) languages: string[];
  @Column('text', { default: 'PHONE' }) contactPreference: ContactPreference;
  @Column('boolean', { default: false }) safeContact: boolean;
  @Column('text', { nullable: true }) safeContactNote: string | null;
  @Column('uuid') createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('household_member')
export class HouseholdMemberEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('text') fullName: string;
  @Column('text') relationship: string;
  @Column({ ...date, nullable: true }) birthDate: string | null;
  @Column('char', { length: 1, nullable: true }) sex: 'F' | 'M' | null;
}

@Entity('client_case')
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('uuid') organizationId: string;
  @Column('uuid') caseManagerId: string;
  @Column('text', { default: 'INTAKE' }) stage: CaseStage;
  @Column('text') priority: Priority;
  @Column('boolean', { default: false }) autoReroute: boolean;
  @Column('timestamptz', { default: () => 'now()' }) openedAt: Date;
  @Column('timestamptz', { nullable: true }) closedAt: Date | null;
  @Column('text', { nullable: true }) closureReason: ClosureReason | null;
  @Column('text', { nullable: true }) closureNote: string | null;
  @Column('timestamptz', { default: () => 'now()' }) lastActivityAt: Date;
  @VersionColumn() version: number;
}

@Entity('case_event')
export class CaseEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') caseId: string;
  @Column('text') type: string;
  @Column('uuid', { nullable: true }) needId: string | null;
  @Column('text', { nullable: true }) fromState: string | null;
  @Column('text', { nullable: true }) toState: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  /** A reason code (closure) or an attainment (goal evaluation). */
  @Column('text', { nullable: true }) code: string | null;
  @Column('uuid', { nullable: true }) goalId: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}

@Entity('case_note')
export class CaseNoteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('uuid') authorId: string;
  @Column('text') body: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('need')
export class NeedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('text') category: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text') severity: Severity;
  @Column('text', { default: 'OPEN' }) status: NeedStatus;
  @Column('text', { array: true, default: () => "'{}'" }) confirmedIndicators: string[];
  /** The kinds of help the need asks for (service type codes); a matching service offers one of them. */
  @Column('text', { array: true, default: () => "'{}'" }) serviceTypes: string[];
  @Column('int', { nullable: true }) lastMatchResultCount: number | null;
  @Column('timestamptz', { nullable: true }) lastMatchedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('assessment')
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('text') instrument: string;
  @Column('text') instrumentVersion: string;
  @Column('jsonb') items: { code: string; score: number }[];
  @Column('numeric', { transformer: { from: (v: string) => Number(v), to: (v: number) => v } }) total: number;
  @Column('boolean', { default: false }) baseline: boolean;
  @Column('timestamptz') takenAt: Date;
  @Column('uuid') recordedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('goal')
export class GoalEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @Column('text') term: 'SHORT' | 'LONG';
  @Column('text') description: string;
  @Column('text') evaluationCriteria: string;
  @Column(date) targetDate: string;
  @Column('text', { default: 'ACTIVE' }) status: GoalStatus;
  /** Set when EVALUATED, by evaluateGoal. */
  @Column('text', { nullable: true }) attainment: GoalAttainment | null;
  @Column('timestamptz', { nullable: true }) evaluatedAt: Date | null;
  @Column('uuid', { nullable: true }) evaluatedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('consent')
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('uuid', { nullable: true }) caseId: string | null;
  @Column('text', { array: true }) categories: ConsentCategory[];
  /** The organisations the client agreed to share with; empty means any recipient. */
  @Column('uuid', { array: true, default: () => "'{}'" }) recipientOrganizationIds: string[];
  /** The one referral this consent is for, when it names one. */
  @Column('uuid', { nullable: true }) referralId: string | null;
  @Column('text') purpose: string;
  @Column('text') method: 'VERBAL' | 'WRITTEN';
  @Column('timestamptz') givenAt: Date;
  @Column('uuid') recordedBy: string;
  @Column('timestamptz', { nullable: true }) withdrawnAt: Date | null;
  @Column('uuid', { nullable: true }) withdrawnBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
