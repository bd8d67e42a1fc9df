import { Controller, Get, Header, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { AppErrorHttpFilter } from '../../common/app-error-http.filter';
import { Public } from '../../identity/public.decorator';
import { HsdsAccessGuard } from './hsds-access.guard';
import { HsdsExportService } from './hsds-export.service';
import { HsdsRecord } from './hsds-mapper';
import { noParams, organizationListParams, organizationParams, pathId, RawQuery, serviceListParams } from './hsds-query';
import { HsdsService } from './hsds.service';
import { streamDownload } from '../../common/stream-download';

/**
 * The Open Referral HSDS API (read-only) and the HSDS 3.0 export, under `/hsds`. Open to anyone with
 * HSDS_API_PUBLIC=true, else to signed-in users (HsdsAccessGuard). Errors: `{ code, message, field }` with the
 * HTTP status of the code (a bad parameter 400, an unknown id 404).
 */
@Controller('hsds')
@Public()
@UseGuards(HsdsAccessGuard)
@UseFilters(AppErrorHttpFilter)
export class HsdsController {
  constructor(
    private readonly hsds: HsdsService,
    private readonly exporter: HsdsExportService,
  ) {}

  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  about(@Query() q: RawQuery): HsdsRecord {
    noParams(q);
    return this.hsds.about();
  }

  @Get('services')
  services(@Query() q: RawQuery): Promise<HsdsRecord> {
    return this.hsds.services(serviceListParams(q));
  }

  @Get('services/:id')
  service(@Param('id') id: string, @Query() q: RawQuery): Promise<HsdsRecord> {
    noParams(q);
    return this.hsds.service(pathId(id));
  }

  @Get('organizations')
  organizations(@Query() q: RawQuery): Promise<HsdsRecord> {
    return this.hsds.organizations(organizationListParams(q));
  }

  @Get('organizations/:id')
  organization(@Param('id') id: string, @Query() q: RawQuery): Promise<HsdsRecord> {
    const { fullService } = organizationParams(q);
    return this.hsds.organization(pathId(id), fullService);
  }

  /** Every published service, fully nested, as one JSON array (streamed). */
  @Get('export.json')
  async exportJson(@Query() q: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    noParams(q);
    await streamDownload(reply.raw, {
      'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="rujuk-hsds.json"', 'cache-control': 'no-store',
    }, (sink) => this.exporter.writeJson(sink));
  }

  /** The tabular form: one CSV per HSDS table and datapackage.json, zipped (written to a temporary folder first). */
  @Get('export.zip')
  async exportZip(@Query() q: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    noParams(q);
    const res = reply.raw;
    const dir = join(tmpdir(), `rujuk-hsds-${randomUUID()}`);
    try {
      await this.exporter.writeTabular(dir);
      const zip = new ZipFile();
      for (const name of (await readdir(dir)).sort()) zip.addReadStream(createReadStream(join(dir, name)), name);
      zip.end();
      res.statusCode = 200;
      res.setHeader('content-type', 'application/zip');
      res.setHeader('content-disposition', 'attachment; filename="rujuk-hsds.zip"');
      res.setHeader('cache-control', 'no-store');
      await new Promise<void>((resolve, reject) => {
        zip.outputStream.on('error', reject);
        res.on('close', resolve);
        zip.outputStream.pipe(res);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
