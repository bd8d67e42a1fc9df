import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { pageWindow, toConnection } from '../common/connection';
import type { Viewer } from '../common/viewer';
import { withinScope } from '../identity/policies';
import {
  CellFilter, cellPageSql, DECLINE_COLUMNS, LATEST_RUN_SQL, metricsSql, OUTCOME_COLUMNS, TREND_SQL,
} from './gap-analysis.sql';
import { GapAccess, gapAccess, isHidden, readableRegion, shownCount } from './gap-access';
import { GapRunsService } from './gap-runs.service';
import type {
  GapTrendArgs, NetworkMetricsInput, NetworkMetricsType, ReferralMetricsType, ServiceGapConnection, ServiceGapsArgs, ServiceGapType,
} from './gaps.types';

const DAY_MS = 24 * 3600 * 1000;
const METRICS_DEFAULT_DAYS = 90;
const METRICS_MAX_DAYS = 366;

/** A cell as the statements read it. */
export interface CellRow {
  runId: string; asOf: Date; level: string; regionCode: string | null; regionName: string | null;
  needCategory: string; serviceType: string; gapLevel: string; gapReason: string;
  needs: number; openNeeds: number; unmatchedNeeds: number; referralsSent: number; accepted: number; declined: number;
  supplyDeclines: number; capacityDeclines: number; expired: number; decided: number; coveringServices: number;
  capacityAvailable: number | null; capacityMaximum: number | null; acceptanceRate: number | null;
  medianHoursToAccept: number | null; p90HoursToAccept: number | null;
}

/** A cell as shown to a reader: counts 1-4 hidden unless exact, and the rates and times computed from them. */
export function shownCell(c: CellRow, exact: boolean): ServiceGapType {
  const count = (n: number) => shownCount(n, exact);
  const hidden = (base: number) => isHidden(base, exact);
  return {
    runId: c.runId, asOf: c.asOf, level: c.level, regionCode: c.regionCode, regionName: c.regionName,
    needCategory: c.needCategory, serviceType: c.serviceType, gapLevel: c.gapLevel, gapReason: c.gapReason,
    needs: count(c.needs), openNeeds: count(c.openNeeds), unmatchedNeeds: count(c.unmatchedNeeds),
    referralsSent: count(c.referralsSent), accepted: count(c.accepted), declined: count(c.declined),
    supplyDeclines: count(c.supplyDeclines), capacityDeclines: count(c.capacityDeclines), expired: count(c.expired),
    coveringServices: c.coveringServices, capacityAvailable: c.capacityAvailable, capacityMaximum: c.capacityMaximum,
    acceptanceRate: hidden(c.decided) ? null : c.acceptanceRate,
    medianHoursToAccept: hidden(c.accepted) ? null : c.medianHoursToAccept,
    p90HoursToAccept: hidden(c.accepted) ? null : c.p90HoursToAccept,
  };
}

export type MetricsRow = Record<string, unknown> & {
  kind: 'TOTAL' | 'ORGANIZATION' | 'SERVICE'; organizationId: string | null; organizationName: string | null;
  serviceId: string | null; serviceName: string | null; sent: number; accepted: number; declined: number; expired: number;
  pending: number; completed: number; acceptanceRate: number | null; medianHoursToAccept: number | null; p90HoursToAccept: number | null;
};

/** A metrics row as shown: exact for admins and for the reader's own organisation. */
export function shownMetrics(r: MetricsRow, access: GapAccess): ReferralMetricsType {
  const exact = access.exact || (r.organizationId !== null && r.organizationId === access.ownOrganizationId);
  const count = (n: number) => shownCount(n, exact);
  const decided = r.accepted + r.declined + r.expired;
  const hidden = (base: number) => isHidden(base, exact);
  return {
    organizationId: r.organizationId, organizationName: r.organizationName, serviceId: r.serviceId, serviceName: r.serviceName,
    sent: count(r.sent), accepted: count(r.accepted), declined: count(r.declined),
    declinedByReason: DECLINE_COLUMNS.map((d) => ({ reason: d.reason, count: count(r[d.column] as number) })),
    expired: count(r.expired), pending: count(r.pending), completed: count(r.completed),
    completedByOutcome: OUTCOME_COLUMNS.map((o) => ({ outcome: o.outcome, count: count(r[o.column] as number) })),
    acceptanceRate: hidden(decided) ? null : r.acceptanceRate,
    medianHoursToAccept: hidden(r.accepted) ? null : r.medianHoursToAccept,
    p90HoursToAccept: hidden(r.accepted) ? null : r.p90HoursToAccept,
  };
}

/** The window of network metrics: `to` defaults to now, `from` to 90 days before; at most 366 days. */
export function metricsWindow(input: { from?: Date | null; to?: Date | null }, now = new Date()): { from: Date; to: Date } {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - METRICS_DEFAULT_DAYS * DAY_MS);
  if (from >= to) throw AppError.badInput('input.from', 'must be before input.to');
  if (to.getTime() - from.getTime() > METRICS_MAX_DAYS * DAY_MS) throw AppError.badInput('input.from', `must be at most ${METRICS_MAX_DAYS} days before input.to`);
  return { from, to };
}

/**
 * Reading gap snapshots and network metrics, for the viewer's region only and with small counts hidden
 * (gap-access.ts). Counts only: no statement here reads a client's identity.
 */
@Injectable()
export class GapReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: GapRunsService,
  ) {}

  async access(viewer: Viewer): Promise<GapAccess> {
    return gapAccess(viewer, await this.runs.organizationRegion(viewer));
  }

  /**
   * The cells filter.runId (default: the latest finished run covering the region read) under a filter, in the
   * reader's region, by severity. `access` and the resolved filter are also what the CSV export streams.
   */
  async resolveCellFilter(viewer: Viewer, filter: ServiceGapsArgs['filter'], field = 'filter'): Promise<{ access: GapAccess; cells: CellFilter | null }> {
    const access = await this.access(viewer);
    const region = readableRegion(access, filter?.regionCode, `${field}.regionCode`);
    await this.requireCodes(filter?.needCategory, filter?.serviceType, field);
    let runId = filter?.runId ?? null;
    if (runId) {
      const [run] = await this.db.query(`SELECT status FROM gap_analysis_run WHERE id = $1`, [runId]);
      if (!run || run.status !== 'SUCCEEDED') throw AppError.badInput(`${field}.runId`, 'must be a finished gap analysis run');
    } else {
      const [latest] = await this.db.query(LATEST_RUN_SQL, [region ?? '']);
      runId = latest?.id ?? null;
    }
    if (!runId) return { access, cells: null };
    return {
      access,
      cells: {
        runId, scope: access.scope ?? '', regionCode: filter?.regionCode ?? null, level: filter?.level ?? null,
        needCategory: filter?.needCategory ?? null, serviceType: filter?.serviceType ?? null, gapLevels: filter?.gapLevels ?? null,
      },
    };
  }

  async serviceGaps(viewer: Viewer, args: ServiceGapsArgs): Promise<ServiceGapConnection> {
    const window = pageWindow(args);
    const { access, cells } = await this.resolveCellFilter(viewer, args.filter);
    if (!cells) return toConnection([], 0, window);
    const { sql, params } = cellPageSql(cells, window.limit, window.offset);
    const rows: (CellRow & { totalCount: number })[] = await this.db.query(sql, params);
    return toConnection(rows.map((r) => shownCell(r, access.exact)), rows[0]?.totalCount ?? 0, window);
  }

  /** One region's cells of a category across the snapshots that hold them, oldest first. */
  async gapTrend(viewer: Viewer, args: GapTrendArgs): Promise<ServiceGapType[]> {
    const access = await this.access(viewer);
    if (!withinScope(access.scope, args.regionCode)) throw AppError.forbidden(`regionCode: ${args.regionCode} is outside your region`);
    await this.requireCodes(args.needCategory, args.serviceType, null);
    const rows: CellRow[] = await this.db.query(TREND_SQL, [args.regionCode, args.needCategory, args.serviceType ?? null, args.last ?? 30]);
    return rows.map((r) => shownCell(r, access.exact));
  }

  async networkMetrics(viewer: Viewer, input: NetworkMetricsInput | undefined): Promise<NetworkMetricsType> {
    const access = await this.access(viewer);
    const region = readableRegion(access, input?.regionCode, 'input.regionCode');
    const { from, to } = metricsWindow(input ?? {});
    const rows: MetricsRow[] = await this.db.query(metricsSql(input?.first ?? 20), [from, to, region ?? '']);
    const total = rows.find((r) => r.kind === 'TOTAL');
    const shown = (kind: MetricsRow['kind']) => rows.filter((r) => r.kind === kind).map((r) => shownMetrics(r, access));
    return {
      from, to, regionCode: region,
      total: total ? shownMetrics(total, access) : shownMetrics(emptyMetrics(), access),
      organizations: shown('ORGANIZATION'),
      services: shown('SERVICE'),
    };
  }

  /** A need category and service type filter must name codes that exist. */
  private async requireCodes(category: string | null | undefined, type: string | null | undefined, field: string | null): Promise<void> {
    if (!category && !type) return;
    const [row] = await this.db.query(
      `SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM need_category WHERE code = $1)) AS category,
              ($2::text IS NULL OR EXISTS (SELECT 1 FROM service_type WHERE code = $2)) AS type`,
      [category ?? null, type ?? null],
    );
    const name = (f: string) => (field ? `${field}.${f}` : f);
    if (!row.category) throw AppError.badInput(name('needCategory'), 'must be a PMKS need category code');
    if (!row.type) throw AppError.badInput(name('serviceType'), 'must be a service type code');
  }
}

function emptyMetrics(): MetricsRow {
  const zero: Record<string, number> = {};
  for (const d of DECLINE_COLUMNS) zero[d.column] = 0;
  for (const o of OUTCOME_COLUMNS) zero[o.column] = 0;
  return {
    ...zero, kind: 'TOTAL', organizationId: null, organizationName: null, serviceId: null, serviceName: null,
    sent: 0, accepted: 0, declined: 0, expired: 0, pending: 0, completed: 0, acceptanceRate: null, medianHoursToAccept: null, p90HoursToAccept: null,
  };
}
