import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Locale } from '../common/locale';
import type { Viewer } from '../common/viewer';
import { streamRows } from '../database/cursor-stream';
import { cellExportSql, metricsSql } from './gap-analysis.sql';
import { readableRegion } from './gap-access';
import { CellRow, GapReadsService, MetricsRow, metricsWindow, shownCell, shownMetrics } from './gap-reads.service';
import { csvHeader, csvLines, GAP_CSV_COLUMNS, GapCsvRow, REFERRAL_CSV_COLUMNS } from './gap-reports';
import type { GapsCsvQuery, ReferralsCsvQuery } from './gaps.types';

/** Rows fetched from the cursor per batch (and written per chunk). */
const BATCH = 2000;

/** Where CSV text goes; resolves when the consumer can take more (back-pressure). */
import type { TextSink } from '../common/stream-download';
/** Takes the next piece of CSV text (common/stream-download.ts). */
export type CsvSink = TextSink;

/**
 * The CSV exports, streamed from a database cursor in batches: the whole national snapshot never sits in memory.
 * Access and suppression are those of the GraphQL reads; every refusal happens before the first byte is written
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
      const { sql, params } = cellExportSql(cells, locale);
      return streamRows<CellRow & { needCategoryName: string | null; serviceTypeName: string | null }>(this.db, sql, params, (rows) =>
        // The names are added to the shown cell in place: copying it with a spread per row was two thirds of the
        // export's Node time (30,000 rows).
        sink(csvLines<GapCsvRow>(GAP_CSV_COLUMNS, rows.map((r) => Object.assign(shownCell(r, access.exact), {
          needCategoryName: r.needCategoryName, serviceTypeName: r.serviceTypeName,
        })))), BATCH);
    };
  }

  async prepareReferrals(viewer: Viewer, query: ReferralsCsvQuery, locale: Locale): Promise<(sink: CsvSink) => Promise<number>> {
    const access = await this.reads.access(viewer);
    const region = readableRegion(access, query.regionCode, 'query.regionCode');
    const { from, to } = metricsWindow(query);
    return async (sink) => {
      await sink(csvHeader(REFERRAL_CSV_COLUMNS, locale));
      return streamRows<MetricsRow>(this.db, metricsSql(null, 'SERVICE'), [from, to, region ?? ''], (rows) =>
        sink(csvLines(REFERRAL_CSV_COLUMNS, rows.map((r) => shownMetrics(r, access)))), BATCH);
    };
  }
}
