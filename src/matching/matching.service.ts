import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import type { Locale } from '../common/locale';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ageOn, categoryMismatchOf } from '../cases/age';
import { caseForWork } from '../cases/case-access';
import { canMatch } from '../cases/case.policy';
import { ClientEntity, NeedEntity } from '../cases/cases.entity';
import { GenericPlanStatements } from '../database/generic-plans';
import { locationOfRow, organizationOfRow, type SelectedFields } from '../directory/directory-columns';
import { toLocationType, toOrganizationType, toServiceType } from '../directory/directory.mappers';
import { sexToCode } from '../directory/directory.types';
import type { ServiceEntity } from '../directory/service.entity';
import type { Viewer } from '../common/viewer';
import { isRegionCodeShape } from '../taxonomy/region-code';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { buildCandidateQuery, candidateRows, CandidateStatementRow } from './candidate.query';
import { buildMatchRunStatement, shownServices } from './match-run.query';
import { MatchResultType } from './matching.types';
import { MatchInput } from './dto/matching.inputs';
import { criterionLabel, describeReason, reasonCode } from './reasons';
import { CandidateRow, MatchProfile, profileOfClient, rankMatches, Reason, ScoreComponent, scoreCandidate, Weights } from './scoring';

/** A candidate row: what the ranking reads, and the location it would be met at. */
type Candidate = CandidateRow & { locationId: string | null };
/** A shown service's row, with its organisation's and location's columns (match-run.query.ts): those the request selects. */
type Shown = ServiceEntity & { organizationId: string };

const shownLocation = (row: Shown, viewer: Viewer) => {
  const location = locationOfRow(row as unknown as Record<string, unknown>);
  return location ? toLocationType(location, viewer) : null;
};

/** The shown service with the organisation its row already carries (no second query for it), without copying it. */
const withOrganization = (row: Shown) => {
  const service = toServiceType(row);
  service.prefetchedOrganization = toOrganizationType(organizationOfRow(row));
  return service;
};

const ALL_FIELDS: SelectedFields = { service: null, organization: null, location: null };

/** A point on the earth, as a client's or an ad-hoc profile's coordinates. */
export interface MatchPoint {
  latitude: number;
  longitude: number;
}

/**
 * What a match run stores of its profile (match_run.filters), so what is computed later for the same need
 * (a suggestion after a decline) uses the profile the match used. Of the place it keeps whether the client's
 * point was used (`near`), not the coordinates: a client's whereabouts are personal data (a shelter's client
 * hides them) and the run log is kept for the gap analysis; the point is read from the client again.
 */
export interface StoredMatchProfile {
  age: number | null;
  sex: 'F' | 'M' | null;
  regionCode: string | null;
  languages: string[];
  serviceTypes: string[];
  urgency: string | null;
  near: boolean;
}

/** The reasons of one candidate in words (and with codes) in the request's language. */
export function reasonsInWords(reasons: Reason[], locale: Locale, regionName?: (code: string) => string) {
  const details = reasons.map((r) => ({ code: reasonCode(r), text: describeReason(r, locale, regionName) }));
  return { reasons: details.map((d) => d.text), reasonDetails: details };
}

/** Gathers candidates in SQL, ranks them with the pure engine, records the run (also when it finds nothing). */
@Injectable()
export class MatchingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly generic: GenericPlanStatements,
    private readonly taxonomy: TaxonomyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `fields`: what the request selects of the shown services (matching.fields.ts); the default reads them whole. */
  async match(viewer: Viewer, input: MatchInput, lang: Locale, fields: SelectedFields = ALL_FIELDS): Promise<MatchResultType> {
    const { profile, needId, clientId, point, urgency } = await this.profileFor(viewer, input);
    const limit = input.limit ?? 20;
    const weights = this.config.matching.weights as unknown as Weights;
    const candidateQuery = buildCandidateQuery({
      category: profile.category, regionCode: profile.regionCode, latitude: point?.latitude ?? null, longitude: point?.longitude ?? null,
      clientId, nearMisses: this.config.matching.maxExcluded, emergency: profile.emergency,
      // Only the rows the ranking can keep (candidate.query.ts); the ranking below still judges each of them.
      ranking: { limit, weights, maxDistanceKm: this.config.matching.maxDistanceKm, profile },
    });
    // A fixed plan whatever the values (candidate.query.ts: index walks by key and one bitmap scan), so it runs
    // as a prepared statement with the generic plan, without planning on every match.
    const rows = candidateRows(await this.generic.query<CandidateStatementRow>(candidateQuery.sql, candidateQuery.params));
    const ranked = rankMatches(profile, rows, weights, {
      maxDistanceKm: this.config.matching.maxDistanceKm, maxExcluded: this.config.matching.maxExcluded, limit,
    });
    const candidates = ranked.candidates.map((c) => ({ ...c, row: c.row as Candidate }));
    const regionNames = await this.regionNames(candidates.flatMap((c) => c.reasons.flatMap((r) => (r.code === 'COVERS_AREA' ? [r.via] : []))));
    const name = (code: string) => regionNames.get(code) ?? code;

    const run = buildMatchRunStatement(
      {
        actorId: viewer.id, needId, category: profile.category, regionCode: profile.regionCode,
        filters: {
          age: profile.age, sex: profile.sex, regionCode: profile.regionCode, languages: profile.languages, serviceTypes: profile.serviceTypes,
          urgency, limit, near: point !== null,
        } satisfies StoredMatchProfile & Record<string, unknown>,
        candidateIds: candidates.map((c) => c.row.serviceId), excludedIds: ranked.excluded.map((e) => e.row.serviceId),
      },
      [
        ...candidates.map((c) => ({ serviceId: c.row.serviceId, locationId: c.row.locationId })),
        ...ranked.excluded.map((e) => ({ serviceId: e.row.serviceId, locationId: null })),
      ],
      fields,
    );
    // Also one plan whatever the values (an insert, an update by key, lookups by key): prepared, not re-planned.
    const written = shownServices(await this.generic.query<{ runId: string } & Shown>(run.sql, run.params));
    const shown = new Map(written.shown.map((r) => [r.id, r]));
    const service = (id: string) => {
      const row = shown.get(id);
      if (!row) throw new Error(`match: service ${id} was ranked but not read back`);
      return row;
    };
    return {
      runId: written.runId,
      candidates: candidates.map((c) => {
        const row = service(c.row.serviceId);
        return {
          service: withOrganization(row),
          location: shownLocation(row, viewer),
          score: c.score,
          distanceKm: c.row.distanceKm === null ? null : Math.round(c.row.distanceKm * 100) / 100,
          ...reasonsInWords(c.reasons, lang, name),
          components: c.components,
        };
      }),
      excluded: ranked.excluded.map((e) => ({
        service: withOrganization(service(e.row.serviceId)),
        failedCriteria: e.failed,
        criteria: e.failed.map((code) => ({ code, label: criterionLabel(code, lang) })),
        reasons: e.reasons.map((r) => describeReason(r, lang, name)),
      })),
    };
  }

  /**
   * One service scored for a need with the profile the need's match run used (match_run.filters: age, sex,
   * place, languages, service types, urgency, and whether the client's point was used, which is read from the
   * client), so a suggestion made after a decline or an expiry gives the reasons the match gave, distance
   * included. Without a run, the client as they are now. Null when the service is no candidate (gone, inactive).
   */
  async scoreForNeed(
    need: NeedEntity, client: ClientEntity, runId: string | null, urgency: string, serviceId: string, lang: Locale,
  ): Promise<{ score: number; components: ScoreComponent[]; distanceKm: number | null; reasons: string[]; reasonDetails: { code: string; text: string }[] } | null> {
    const [run] = runId ? await this.db.query(`SELECT filters FROM match_run WHERE id = $1 AND need_id = $2`, [runId, need.id]) : [];
    const stored = run?.filters as Partial<StoredMatchProfile> | undefined;
    const clientPoint = client.latitude !== null && client.longitude !== null ? { latitude: client.latitude, longitude: client.longitude } : null;
    const age = ageOn(client.birthDate, new Date());
    const profile: MatchProfile = stored
      ? {
        category: need.category, age: stored.age ?? null, sex: stored.sex ?? null, regionCode: stored.regionCode ?? null,
        languages: stored.languages ?? [], serviceTypes: stored.serviceTypes ?? need.serviceTypes, emergency: (stored.urgency ?? urgency) === 'EMERGENCY',
      }
      : profileOfClient(client, need, age, urgency === 'EMERGENCY');
    const point = stored?.near === false ? null : clientPoint;
    const q = buildCandidateQuery({
      category: profile.category, regionCode: profile.regionCode, latitude: point?.latitude ?? null, longitude: point?.longitude ?? null,
      clientId: client.id, nearMisses: 0, emergency: profile.emergency, serviceIds: [serviceId],
    });
    const [row] = candidateRows(await this.db.query(q.sql, q.params));
    if (!row) return null;
    const scored = scoreCandidate(profile, row, this.config.matching.weights as unknown as Weights, this.config.matching.maxDistanceKm);
    const regionNames = await this.regionNames(scored.reasons.flatMap((r) => (r.code === 'COVERS_AREA' ? [r.via] : [])));
    return {
      score: scored.score, components: scored.components,
      distanceKm: row.distanceKm === null ? null : Math.round(row.distanceKm * 100) / 100,
      ...reasonsInWords(scored.reasons, lang, (code) => regionNames.get(code) ?? code),
    };
  }

  private async regionNames(codes: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    if (!unique.length) return new Map();
    return new Map((await this.taxonomy.regionsByCodes(unique)).map((r) => [r.code, r.name]));
  }

  /**
   * The profile to match: from a need's client (checked against the viewer's reach) with the need's service
   * types and its case's priority, or given ad hoc, checked against the category's bounds as addNeed checks a
   * client, with the category's default service types. `input.serviceTypes` and `input.urgency` override.
   */
  private async profileFor(viewer: Viewer, input: MatchInput): Promise<{
    profile: MatchProfile; needId: string | null; clientId: string | null; point: MatchPoint | null; urgency: string | null;
  }> {
    if (input.needId) {
      const need = await this.db.getRepository(NeedEntity).findOne({ where: { id: input.needId } });
      if (!need) throw AppError.notFound('Need', input.needId);
      const { kase, client } = await caseForWork(this.db.manager, viewer, need.caseId, { asked: { entity: 'Need', id: input.needId } });
      const category = await this.taxonomy.needCategory(need.category);
      const serviceTypes = input.serviceTypes ? await this.taxonomy.needServiceTypes('input.serviceTypes', category!, input.serviceTypes) : need.serviceTypes;
      const urgency = input.urgency ?? kase.priority;
      const point = client.latitude !== null && client.longitude !== null ? { latitude: client.latitude, longitude: client.longitude } : null;
      return {
        needId: need.id, clientId: client.id, point, urgency,
        profile: profileOfClient(client, { category: need.category, serviceTypes }, ageOn(client.birthDate, new Date()), urgency === 'EMERGENCY'),
      };
    }
    if (!canMatch(viewer)) throw AppError.forbidden('Partner staff cannot run matches');
    if (!input.needCategory) throw AppError.badInput('input.needCategory', 'give a needId, or a needCategory with a profile');
    const category = await this.taxonomy.needCategory(input.needCategory);
    if (!category) throw AppError.badInput('input.needCategory', `unknown need category ${input.needCategory}`);
    const p = input.profile ?? {};
    if (p.regionCode !== undefined) {
      if (!isRegionCodeShape(p.regionCode)) throw AppError.badInput('input.profile.regionCode', 'malformed region code (e.g. 32.77.01.1001)');
      await this.taxonomy.assertRegions('input.profile.regionCode', [p.regionCode]);
    }
    if ((p.latitude === undefined) !== (p.longitude === undefined)) throw AppError.badInput('input.profile.latitude', 'latitude and longitude go together');
    const age = p.age ?? (p.birthDate ? ageOn(p.birthDate, new Date()) : null);
    const sex = sexToCode(p.sex);
    const mismatch = categoryMismatchOf(category, age, sex);
    if (mismatch) {
      const field = mismatch.on === 'sex' ? 'input.profile.sex' : p.age !== undefined ? 'input.profile.age' : 'input.profile.birthDate';
      throw AppError.badInput(field, mismatch.message);
    }
    const serviceTypes = await this.taxonomy.needServiceTypes('input.serviceTypes', category, input.serviceTypes);
    const urgency = input.urgency ?? null;
    return {
      needId: null, clientId: null, urgency,
      point: p.latitude !== undefined && p.longitude !== undefined ? { latitude: p.latitude, longitude: p.longitude } : null,
      profile: {
        category: input.needCategory, age, sex, regionCode: p.regionCode ?? null, languages: p.languages ?? [], serviceTypes,
        emergency: urgency === 'EMERGENCY',
      },
    };
  }
}
