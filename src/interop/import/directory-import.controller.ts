import { Controller, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../common/app-error';
import { AppErrorHttpFilter } from '../../common/app-error-http.filter';
import { CurrentUser } from '../../common/current-user.decorator';
import type { Viewer } from '../../common/viewer';
import { DirectoryImportsService } from './directory-imports.service';
import { DirectoryImportQuery } from './directory-import.types';
import { detectFormat } from './sources';

/**
 * `POST /imports/directory?dryRun=true&format=csv&name=daftar.csv`: the file is the raw request body (send it as
 * application/octet-stream, text/csv or application/zip), streamed to a file under IMPORT_DIR (at most
 * IMPORT_MAX_MB), then imported by the worker. Answers 202 with the import's id; `directoryImport(id)` follows
 * it. Bearer token as for GraphQL; coordinators and admins only.
 */
@Controller('imports')
@UseFilters(AppErrorHttpFilter)
export class DirectoryImportController {
  constructor(private readonly imports: DirectoryImportsService) {}

  @Post('directory')
  @HttpCode(202)
  async upload(@CurrentUser() viewer: Viewer, @Query() query: DirectoryImportQuery, @Req() request: FastifyRequest): Promise<{ id: string; status: string; dryRun: boolean; format: string }> {
    this.imports.assertMayImport(viewer);
    // The file is read from the Node request: no parser reads these media types (common/json-body.ts).
    const req = request.raw;
    if ((req as IncomingMessage & { _body?: boolean })._body || req.readableEnded) {
      throw AppError.badInput('body', 'send the file as the raw body with content-type application/octet-stream, text/csv or application/zip');
    }
    await fs.mkdir(this.imports.uploadDir, { recursive: true });
    const path = join(this.imports.uploadDir, `${randomUUID()}.upload`);
    const max = this.imports.maxBytes;
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max) done(AppError.badInput('body', `the file is larger than ${Math.round(max / 1024 / 1024)} MB`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(path));
      if (bytes === 0) throw AppError.badInput('body', 'the file is empty');
      const format = query.format ?? (await detectFormat(path));
      const row = await this.imports.request(viewer, { path, name: query.name ?? null, bytes }, format, query.dryRun !== 'false');
      return { id: row.id, status: row.status, dryRun: row.dryRun, format: row.format };
    } catch (err) {
      await fs.rm(path, { force: true });
      throw err;
    }
  }
}
