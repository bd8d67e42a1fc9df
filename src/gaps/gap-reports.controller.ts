import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AppErrorHttpFilter } from '../common/app-error-http.filter';
import { CurrentUser } from '../common/current-user.decorator';
import { requestLocale } from '../common/locale';
import { streamDownload } from '../common/stream-download';
import type { Viewer } from '../common/viewer';
import { csvLocale } from './gap-reports';
import { CsvSink, GapReportsService } from './gap-reports.service';
import { GapsCsvQuery, ReferralsCsvQuery } from './gaps.types';

/**
 * CSV downloads for the spreadsheets offices use: `/reports/gaps.csv` (a gap snapshot, filtered as serviceGaps)
 * and `/reports/referrals.csv` (network metrics per receiving service). Bearer token as for GraphQL (the global
 * auth guard); headers in Indonesian unless `?lang=en` or Accept-Language asks for English.
 */
@Controller('reports')
@UseFilters(AppErrorHttpFilter)
export class GapReportsController {
  constructor(private readonly reports: GapReportsService) {}

  @Get('gaps.csv')
  async gaps(@CurrentUser() viewer: Viewer, @Query() query: GapsCsvQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const write = await this.reports.prepareGaps(viewer, query, csvLocale(query.lang, requestLocale(req)));
    await send(reply.raw, 'kesenjangan-layanan.csv', write);
  }

  @Get('referrals.csv')
  async referrals(@CurrentUser() viewer: Viewer, @Query() query: ReferralsCsvQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const write = await this.reports.prepareReferrals(viewer, query, csvLocale(query.lang, requestLocale(req)));
    await send(reply.raw, 'rujukan.csv', write);
  }
}

/** Streams the CSV with back-pressure; a client that goes away stops the database cursor. */
function send(res: ServerResponse, filename: string, write: (sink: CsvSink) => Promise<number>): Promise<void> {
  return streamDownload(res, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  }, write);
}
