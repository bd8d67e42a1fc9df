import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { promises as fs } from 'node:fs';
import { resolve, sep } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/app-error';
import type { Role, Viewer } from '../../common/viewer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DirectoryImportService } from '../../directory/directory-import.service';
import { withinScope } from '../../identity/policies';
import { jobId } from '../../jobs/job-registry';
import { OutboxService } from '../../outbox/outbox.service';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import { ImportCounts, ImportProgress, runImport } from './import-pipeline';
import type { ImportFormat, RowIssue } from './import-record';
import { RegionResolver } from './region-resolver';
import { RowNormaliser } from './row-normaliser';
import { ImportFileError } from './sources';

/** Issues kept per import for the report (all are counted). */
export const MAX_STORED_ISSUES = 10_000;

export interface DirectoryImportRow extends ImportCounts {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  format: ImportFormat;
  dryRun: boolean;
  fileName: string | null;
  issueCount: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  requestedBy: string | null;
  regionScope: string | null;
}

const IMPORT_COLUMNS = `id, status, format, dry_run AS "dryRun", file_name AS "fileName", rows_read AS "rowsRead", created, updated, unchanged,
  rejected, issue_count AS "issueCount", error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  requested_by AS "requestedBy", region_scope AS "regionScope"`;

export function canImportDirectory(v: Viewer): boolean {
  return v.role === 'ADMIN' || v.role === 'COORDINATOR';
}

/** The id of an import's `directory.import` job. */
export function importJobId(importId: string): string {
  return jobId('directory-import', importId);
}

/**
 * Directory imports as records: requested (an upload, queued through the outbox), executed by the worker (or the
 * CLI, in-process), read back with their row report. Coordinators import within their region (the directory's
 * own rule, applied per organisation) and read only imports of their region; every import is audited.
 */
@Injectable()
export class DirectoryImportsService {
  private readonly logger = new Logger(DirectoryImportsService.name);
  private normaliser?: Promise<RowNormaliser>;
  /** Organisations written per transaction. */
  batchSize = 200;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly taxonomy: TaxonomyService,
    private readonly writer: DirectoryImportService,
  ) {}

  assertMayImport(viewer: Viewer): void {
    if (!canImportDirectory(viewer)) throw AppError.forbidden('Only coordinators and admins import the directory');
  }

  /** Records an import of an uploaded file and queues it (in one transaction: queued if and only if recorded). */
  async request(viewer: Viewer, file: { path: string; name: string | null; bytes: number }, format: ImportFormat, dryRun: boolean, enqueue = true): Promise<DirectoryImportRow> {
    this.assertMayImport(viewer);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `INSERT INTO directory_import (format, dry_run, file_name, file_path, file_bytes, requested_by, requested_role, requested_organization_id, region_scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${IMPORT_COLUMNS}`,
        [format, dryRun, file.name, file.path, file.bytes, viewer.id, viewer.role, viewer.organizationId, viewer.role === 'ADMIN' ? null : viewer.regionScope],
      );
      await this.audit.record(tx, viewer, {
        action: 'DIRECTORY_IMPORT_REQUESTED', entityType: 'DirectoryImport', entityId: row.id, details: { format, dryRun, bytes: file.bytes },
      });
      if (enqueue) await this.outbox.add(tx, { kind: 'job', name: 'directory.import', payload: { importId: row.id }, jobId: importJobId(row.id) }, viewer);
      return row;
    });
  }

  /** Imports still QUEUED that were recorded before `writtenBefore`, by id after `after` (the reconciler's pages). */
  async queuedIds(after: string | null, limit: number, writtenBefore: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM directory_import WHERE status = 'QUEUED' AND created_at < $3 AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit, writtenBefore],
    );
    return rows.map((r) => r.id);
  }

  /** An import with its counts, to its requester, admins, and coordinators of its region. */
  async require(viewer: Viewer, id: string): Promise<DirectoryImportRow> {
    this.assertMayImport(viewer);
    const [row]: DirectoryImportRow[] = await this.db.query(`SELECT ${IMPORT_COLUMNS} FROM directory_import WHERE id = $1`, [id]);
    if (!row) throw AppError.notFound('DirectoryImport', id);
    const mine = row.requestedBy === viewer.id;
    const inScope = viewer.role === 'ADMIN' || (row.regionScope !== null && withinScope(viewer.regionScope, row.regionScope));
    if (!mine && !inScope) throw AppError.forbidden('You may read only the imports of your region');
    return row;
  }

  async issues(importId: string, limit: number, offset: number): Promise<RowIssue[]> {
    return this.db.query(
      `SELECT line, field, rule, value FROM directory_import_issue WHERE import_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
      [importId, limit, offset],
    );
  }

  private async loadNormaliser(): Promise<RowNormaliser> {
    this.normaliser ??= (async () => {
      const [regions, needCategories, serviceTypes, partnerKinds] = await Promise.all([
        this.taxonomy.allRegions(), this.taxonomy.needCategories(), this.taxonomy.serviceTypes(), this.taxonomy.partnerKinds(),
      ]);
      return new RowNormaliser({
        regions: new RegionResolver(regions), needCategories, serviceTypes,
        partnerKinds: partnerKinds.map((k) => ({ code: k.code, nameEn: k.nameEn })),
      });
    })().catch((err: unknown) => {
      this.normaliser = undefined;
      throw err;
    });
    return this.normaliser;
  }

  /**
   * Runs a queued import: nothing when it is no longer QUEUED (a second delivery of the job). The file is
   * deleted when done. `onProgress` gets the counts as they grow (the CLI's bar, the job's progress).
   */
  async execute(importId: string, onProgress?: (p: ImportProgress) => void): Promise<DirectoryImportRow | null> {
    const [claimed] = await this.db.query(
      `UPDATE directory_import SET status = 'RUNNING', started_at = clock_timestamp() WHERE id = $1 AND status = 'QUEUED'
       RETURNING id, format, dry_run AS "dryRun", file_path AS "filePath", requested_by AS "requestedBy", requested_role AS "role",
                 requested_organization_id AS "organizationId", region_scope AS "regionScope"`,
      [importId],
    );
    const job = claimed?.[0] ?? claimed;
    if (!job || !job.id) return null;
    const viewer: Viewer = { id: job.requestedBy, email: '', role: job.role as Role, organizationId: job.organizationId, regionScope: job.regionScope };
    let stored = 0;
    let total = 0;
    let pending: RowIssue[] = [];
    const flushIssues = async () => {
      if (!pending.length) return;
      const rows = pending;
      pending = [];
      await this.db.query(
        `INSERT INTO directory_import_issue (import_id, seq, line, field, rule, value)
         SELECT $1, x.seq, x.line, x.field, x.rule, x.value FROM jsonb_to_recordset($2::jsonb) AS x(seq int, line int, field text, rule text, value text)`,
        [importId, JSON.stringify(rows)],
      );
    };
    let lastSaved = 0;
    try {
      const counts = await runImport({
        path: job.filePath, format: job.format, dryRun: job.dryRun, viewer, importId, normaliser: await this.loadNormaliser(), writer: this.writer, batchSize: this.batchSize,
        onIssue: async (issue) => {
          total += 1;
          if (stored >= MAX_STORED_ISSUES) return;
          stored += 1;
          pending.push({ ...issue, seq: stored } as RowIssue & { seq: number });
          if (pending.length >= 500) await flushIssues();
        },
        onProgress: (p) => {
          onProgress?.(p);
          const now = Date.now();
          if (now - lastSaved > 1000) {
            lastSaved = now;
            void this.db.query(`UPDATE directory_import SET rows_read = $2, created = $3, updated = $4, unchanged = $5, rejected = $6 WHERE id = $1 AND status = 'RUNNING'`,
              [importId, p.rowsRead, p.created, p.updated, p.unchanged, p.rejected]).catch(() => undefined);
          }
        },
      });
      await flushIssues();
      await this.db.transaction(async (tx) => {
        await tx.query(
          `UPDATE directory_import SET status = 'SUCCEEDED', finished_at = clock_timestamp(), rows_read = $2, created = $3, updated = $4, unchanged = $5,
                  rejected = $6, issue_count = $7 WHERE id = $1`,
          [importId, counts.rowsRead, counts.created, counts.updated, counts.unchanged, counts.rejected, total],
        );
        await this.audit.record(tx, viewer, {
          action: job.dryRun ? 'DIRECTORY_IMPORT_CHECKED' : 'DIRECTORY_IMPORT_APPLIED', entityType: 'DirectoryImport', entityId: importId,
          details: { ...counts, issues: total, format: job.format },
        });
      });
    } catch (err) {
      const message = err instanceof ImportFileError ? err.message : 'the import failed; see the worker log';
      this.logger.error({ importId, err: (err as Error).message }, 'directory import failed');
      await flushIssues().catch(() => undefined);
      await this.db.query(`UPDATE directory_import SET status = 'FAILED', finished_at = clock_timestamp(), error = $2, issue_count = $3 WHERE id = $1`, [importId, message, total]);
      if (!(err instanceof ImportFileError)) throw err;
    } finally {
      // An uploaded file is the import's own; a file the CLI was given is the user's.
      if (resolve(job.filePath).startsWith(`${resolve(this.config.imports.dir)}${sep}`)) await fs.rm(job.filePath, { force: true }).catch(() => undefined);
    }
    const [row] = await this.db.query(`SELECT ${IMPORT_COLUMNS} FROM directory_import WHERE id = $1`, [importId]);
    return row;
  }

  get uploadDir(): string {
    return this.config.imports.dir;
  }

  get maxBytes(): number {
    return this.config.imports.maxBytes;
  }
}
