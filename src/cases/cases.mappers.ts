import { sexFromCode } from '../directory/directory.types';
import { ageOn } from './age';
import type {
  AssessmentEntity, CaseEntity, CaseEventEntity, CaseNoteEntity, ClientEntity, ConsentEntity, GoalEntity, HouseholdMemberEntity, NeedEntity,
} from './cases.entity';
import type {
  AssessmentComparisonType, AssessmentType, CaseEventType, CaseNoteType, CaseType, ClientType, ConsentType, GoalType, NeedType,
} from './cases.types';

export function toClientType(c: ClientEntity, household: HouseholdMemberEntity[], nikMasked: ClientType['nikMasked'], hasNik = nikMasked !== null): ClientType {
  return {
    id: c.id, organizationId: c.organizationId, fullName: c.fullName, birthDate: c.birthDate, birthDateEstimated: c.birthDateEstimated,
    age: ageOn(c.birthDate, new Date()), sex: sexFromCode(c.sex)!, hasNik, nikMasked, phone: c.phone,
    addressLine: c.addressLine, regionCode: c.regionCode, latitude: c.latitude, longitude: c.longitude, languages: c.languages,
    contactPreference: c.contactPreference, safeContact: c.safeContact, safeContactNote: c.safeContactNote,
    household: household.map((h) => ({ id: h.id, fullName: h.fullName, relationship: h.relationship, birthDate: h.birthDate, sex: sexFromCode(h.sex) })),
    createdAt: c.createdAt, version: c.version,
  };
}

export const toCaseType = (c: CaseEntity): CaseType => ({
  id: c.id, clientId: c.clientId, organizationId: c.organizationId, caseManagerId: c.caseManagerId, stage: c.stage,
  priority: c.priority, autoReroute: c.autoReroute, openedAt: c.openedAt, closedAt: c.closedAt, closureReason: c.closureReason,
  closureNote: c.closureNote,
  version: c.version,
});

export const toNeedType = (n: NeedEntity, indicators: string[]): NeedType => ({
  id: n.id, caseId: n.caseId, category: n.category, description: n.description, severity: n.severity, status: n.status,
  indicators, confirmedIndicators: n.confirmedIndicators, serviceTypes: n.serviceTypes, lastMatchResultCount: n.lastMatchResultCount, createdAt: n.createdAt,
  version: n.version,
});

export const toAssessmentType = (a: AssessmentEntity, comparison: AssessmentComparisonType | null): AssessmentType => ({
  id: a.id, caseId: a.caseId, instrument: a.instrument, instrumentVersion: a.instrumentVersion, items: a.items, total: a.total,
  baseline: a.baseline, takenAt: a.takenAt, comparison,
});

export const toGoalType = (g: GoalEntity): GoalType => ({
  id: g.id, term: g.term, description: g.description, evaluationCriteria: g.evaluationCriteria, targetDate: g.targetDate,
  status: g.status, attainment: g.attainment, evaluatedAt: g.evaluatedAt, evaluatedBy: g.evaluatedBy,
});

export const toConsentType = (c: ConsentEntity): ConsentType => ({
  id: c.id, clientId: c.clientId, categories: c.categories, recipientOrganizationIds: c.recipientOrganizationIds, referralId: c.referralId, purpose: c.purpose, method: c.method, givenAt: c.givenAt,
  recordedBy: c.recordedBy, withdrawnAt: c.withdrawnAt,
});

export const toCaseEventType = (e: CaseEventEntity): CaseEventType => ({
  id: e.id, type: e.type, needId: e.needId, goalId: e.goalId, fromState: e.fromState, toState: e.toState, reason: e.reason, code: e.code,
  actorId: e.actorId, at: e.at,
});

export const toCaseNoteType = (n: CaseNoteEntity): CaseNoteType => ({ id: n.id, authorId: n.authorId, body: n.body, createdAt: n.createdAt });

/** Lower-cased, single-spaced, for comparing names typed by different people. */
export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
