import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { jobId } from '../jobs/job-registry';
import { OutboxService } from '../outbox/outbox.service';
import { scopeOverlaps } from '../identity/policies';
import { ABANDON_RUN_SQL, INSERT_RUN_SQL, PENDING_RUN_SQL, RUN_BY_ID_SQL, snapshotSql } from './gap-analysis.sql';
import { canRunGapAnalysis, gapAccess } from './gap-access';
import type { GapAnalysisRunType } from './gaps.types';

/** Days of needs and referrals a run looks at, up to its run time. */
export const GAP_WINDOW_DAYS = 90;
/** A pending run not finished this many minutes after its request is given up (its job was lost). */
export const GAP_RUN_ABANDONED_AFTER_MINUTES = 60;
/** work_mem of the snapshot statement's transaction (one run per scope at a time). */
const GAP_WORK_MEM = '64MB';

export interface GapRun extends GapAnalysisRunType {
  sqlMs: number | null;
}

/**
 * Gap analysis runs: requesting one (joining the scope's pending run if there is one), computing its snapshot
 * in the worker, reading it back.
 *
 * One run at a time per scope, at two levels: the database holds at most one pending (QUEUED or RUNNING) run per
 * scope (a partial unique index), so requests made together get the same run and one snapshot; and the worker
 * computes a scope under a transaction-level advisory lock, so two jobs that reach the same run (a request and
 * the daily schedule) compute it once. A requested run is queued through the outbox in the transaction that
 * creates it: it runs if and only if it was created, even when Redis is down at that moment.
 */
@Injectable()
export class GapRunsService {
  private readonly logger = new Logger(GapRunsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Starts (or joins) the analysis of a province, a regency, or the whole network (null). */
  async request(viewer: Viewer, regionCode: string | null): Promise<GapRun> {
    if (regionCode) await this.requireScopeRegion(regionCode);
    if (!canRunGapAnalysis(viewer, regionCode)) throw AppError.forbidden('Only admins, and coordinators within their region, run gap analyses');
    return this.db.transaction((tx) => this.pendingRun(tx, regionCode, viewer));
  }

  /** A run, to those who may read gaps of a region it covers. */
  async require(viewer: Viewer, id: string): Promise<GapRun> {
    const [run] = await this.db.query(RUN_BY_ID_SQL, [id]);
    if (!run) throw AppError.notFound('GapAnalysisRun', id);
    const access = gapAccess(viewer, await this.organizationRegion(viewer));
    // A network run holds every region's cells, so anyone who reads gaps reads it (their region's cells).
    if (run.regionCode !== null && !scopeOverlaps(access.scope, [run.regionCode])) throw AppError.notFound('GapAnalysisRun', id);
    return run;
  }

  async organizationRegion(viewer: Viewer): Promise<string | null> {
    if (!viewer.organizationId) return null;
    const [org] = await this.db.query(`SELECT region_code FROM organization WHERE id = $1`, [viewer.organizationId]);
    return org?.region_code ?? null;
  }

  /**
   * The job: computes the run's snapshot, or the scope's pending run (created if none) when no run is named.
   * Nothing when the run is already finished. Returns the run as it ends.
   */
  async execute(payload: { regionCode?: string; runId?: string }): Promise<GapRun | null> {
    const run = payload.runId
      ? ((await this.db.query(RUN_BY_ID_SQL, [payload.runId]))[0] as GapRun | undefined)
      : await this.db.transaction((tx) => this.pendingRun(tx, payload.regionCode ?? null, null));
    if (!run || run.status === 'SUCCEEDED' || run.status === 'FAILED') return run ?? null;
    const scope = run.regionCode ?? '';
    await this.db.query(`UPDATE gap_analysis_run SET status = 'RUNNING', started_at = clock_timestamp() WHERE id = $1 AND status = 'QUEUED'`, [run.id]);
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gaps.analyse'), hashtext($1))`, [scope]);
        const [current] = await tx.query(`SELECT status FROM gap_analysis_run WHERE id = $1 FOR UPDATE`, [run.id]);
        if (current?.status !== 'RUNNING') return;
        // The statement groups about a million rows at national scale: sorts and hashes in memory, not on disk; and
        // no JIT (its cost estimate triggers compiling ~270 functions, 20 s of a loaded 2-core machine, for nothing).
        await tx.query(`SET LOCAL work_mem = '${GAP_WORK_MEM}'`);
        await tx.query(`SET LOCAL jit = off`);
        const started = process.hrtime.bigint();
        const [result] = await tx.query(snapshotSql(scope !== ''), [run.id, run.windowDays, scope]);
        const sqlMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
        await tx.query(
          `UPDATE gap_analysis_run SET status = 'SUCCEEDED', finished_at = clock_timestamp(), as_of = $2, cell_count = $3, sql_ms = $4
            WHERE id = $1`,
          [run.id, result.as_of, result.cells, sqlMs],
        );
        this.logger.log({ runId: run.id, scope: scope || 'network', cells: result.cells, sqlMs }, 'gap analysis finished');
      });
    } catch (err) {
      this.logger.error({ runId: run.id, err: (err as Error).message }, 'gap analysis failed');
      await this.db.query(
        `UPDATE gap_analysis_run SET status = 'FAILED', finished_at = clock_timestamp(), error = $2 WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
        [run.id, 'the analysis failed; see the worker log'],
      );
      throw err;
    }
    // A network run adds tens of thousands of rows at once: refresh the planner's statistics for the reads.
    if (scope === '') await this.db.query(`ANALYZE gap_snapshot_cell`);
    return (await this.db.query(RUN_BY_ID_SQL, [run.id]))[0];
  }

  /**
   * The scope's pending run, created when there is none: one created for a `requester` is queued through the outbox
   * (as caused by their request); the job (no requester) computes the run it gets itself. A request that meets a
   * pending run joins it; the unique index makes two concurrent creations one (the second waits for the first to
   * commit, then finds its run).
   */
  private async pendingRun(tx: EntityManager, regionCode: string | null, requester: Viewer | null): Promise<GapRun> {
    await tx.query(ABANDON_RUN_SQL, [regionCode, GAP_RUN_ABANDONED_AFTER_MINUTES]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const [created] = await tx.query(INSERT_RUN_SQL, [regionCode, GAP_WINDOW_DAYS, requester?.id ?? null]);
      if (created) {
        if (requester) {
          await this.outbox.add(tx, {
            kind: 'job', name: 'gaps.analyse', payload: { ...(regionCode ? { regionCode } : {}), runId: created.id },
            jobId: jobId('gaps-analyse', regionCode ?? 'network', created.id),
          }, requester);
        }
        return created;
      }
      const [pending] = await tx.query(PENDING_RUN_SQL, [regionCode]);
      if (pending) return pending;
      // The pending run finished between the two statements: try again.
    }
    throw AppError.conflict('Could not start a gap analysis; try again');
  }

  private async requireScopeRegion(code: string): Promise<void> {
    const [region] = await this.db.query(`SELECT level FROM region WHERE code = $1`, [code]);
    if (!region || !['PROVINCE', 'REGENCY'].includes(region.level)) {
      throw AppError.badInput('regionCode', 'must be the code of a province or regency');
    }
  }
}
