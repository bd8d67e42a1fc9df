import { ageOn } from '../cases/age';
import type { ClientEntity, NeedEntity } from '../cases/cases.entity';
import type { ServiceRow } from '../directory/service-rows.service';
import { CandidateRow, Criterion, failedCriteria, profileOfClient } from '../matching/scoring';

/** A directory row as the matching engine sees it (no distance or history: not known here). */
export function candidateRowOf(s: ServiceRow): CandidateRow {
  return {
    serviceId: s.id, status: s.status, acceptsReferrals: s.acceptsReferrals, needCategories: s.needCategories, serviceTypes: s.serviceTypes,
    areaCodes: s.areaCodes, minimumAge: s.minimumAge, maximumAge: s.maximumAge, sex: s.sex, free: s.free, languages: s.languages,
    capacityAvailable: s.capacityAvailable, capacityWaitlist: s.capacityWaitlist, distanceKm: null, answered: 0, accepted: 0,
    medianAcceptMinutes: null, declinedClientBefore: false, openNow: false,
  };
}

/**
 * The hard criteria this client fails for this service for this need (its category and the service types it
 * asks for), by the same engine that matches.
 */
export function eligibilityFailures(client: ClientEntity, need: NeedEntity, s: ServiceRow): Criterion[] {
  return failedCriteria(profileOfClient(client, need, ageOn(client.birthDate, new Date())), candidateRowOf(s));
}

/** Eligible and with room (or capacity not tracked): what an automatic re-route may send to. */
export function canTakeNow(client: ClientEntity, need: NeedEntity, s: ServiceRow): boolean {
  return eligibilityFailures(client, need, s).length === 0 && (s.capacityAvailable === null || s.capacityAvailable > 0);
}
