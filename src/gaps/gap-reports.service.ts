import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Locale } from '../common/locale';
import type { Viewer } from '../common/viewer';
import { copyCsv } from '../database/copy-stream';
import { cellExportSql, serviceMetricsExportSql } from './gap-analysis.sql';
import { readableRegion } from './gap-access';
import { GapReadsService, metricsWindow } from './gap-reads.service';
import { csvHeader, csvSelect, GAP_CSV_COLUMNS, REFERRAL_CSV_COLUMNS } from './gap-reports';
import type { GapsCsvQuery, ReferralsCsvQuery } from './gaps.types';

/** Where the CSV goes; resolves when the consumer can take more (back-pressure). */
import type { DownloadSink } from '../common/stream-download';
export type CsvSink = DownloadSink;

/**
 * The CSV exports, rendered by PostgreSQL (COPY ... TO STDOUT, database/copy-stream.ts) and streamed to the client
 * as they come: no row is held or parsed in this process. Access and suppression are those of the GraphQL reads
 * (the suppression rendered in SQL by the same module); every refusal happens before the first byte is written
 * (`prepare`), so a refused request gets a clean error status.
 */
@Injectable()
export class GapReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: GapReadsService,
  ) {}

  async prepareGaps(viewer: Viewer, query: GapsCsvQuery, locale: Locale): Promise<(sink: CsvSink) => Promise<number>> {
    const { access, cells } = await this.reads.resolveCellFilter(viewer, query, 'query');
    return async (sink) => {
      await sink(csvHeader(GAP_CSV_COLUMNS, locale));
      if (!cells) return 0;
      const { sql, params } = cellExportSql(cells, locale, csvSelect(GAP_CSV_COLUMNS, String(access.exact)));
      return copyCsv(this.db, sql, params, sink);
    };
  }

  async prepareReferrals(viewer: Viewer, query: ReferralsCsvQuery, locale: Locale): Promise<(sink: CsvSink) => Promise<number>> {
    const access = await this.reads.access(viewer);
    const region = readableRegion(access, query.regionCode, 'query.regionCode');
    const { from, to } = metricsWindow(query);
    // Exact for admins, and for the reader's own organisation's rows.
    const exact = `(${access.exact} OR m."organizationId" = $4::uuid)`;
    return async (sink) => {
      await sink(csvHeader(REFERRAL_CSV_COLUMNS, locale));
      return copyCsv(this.db, serviceMetricsExportSql(csvSelect(REFERRAL_CSV_COLUMNS, exact)), [from, to, region ?? '', access.ownOrganizationId], sink);
    };
  }
}
