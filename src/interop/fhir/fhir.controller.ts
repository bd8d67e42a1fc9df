import { Body, Controller, Get, Headers, Inject, Param, Patch, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../common/app-error';
import { CurrentUser } from '../../common/current-user.decorator';
import type { Viewer } from '../../common/viewer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FhirOutcomeFilter } from './fhir-outcome.filter';
import { FhirResource } from './fhir-mapper';
import { FhirService, TaskSearch, Versioned } from './fhir.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * FHIR R4 (JSON) for partners' systems under `/fhir`: the bearer token of a user of the partner organisation,
 * as for GraphQL (the global guard). Responses are `application/fhir+json`; a Task or ServiceRequest carries
 * `meta.versionId` (the referral's version) and the ETag `W/"<version>"`, which PATCH and PUT take as If-Match.
 */
@Controller('fhir')
@UseFilters(FhirOutcomeFilter)
export class FhirController {
  constructor(
    private readonly fhir: FhirService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get base(): string {
    return `${this.config.notifications.publicUrl.replace(/\/$/, '')}/fhir`;
  }

  @Get('metadata')
  metadata(@Res() res: FastifyReply): void {
    send(res.raw, { resource: this.fhir.metadata(this.base) });
  }

  @Get('Task')
  async searchTasks(@CurrentUser() v: Viewer, @Query() q: TaskSearch, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, { resource: await this.fhir.searchTasks(v, q, this.base) });
  }

  @Get('Task/:id')
  async task(@CurrentUser() v: Viewer, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.task(v, fhirId(id)));
  }

  @Patch('Task/:id')
  async patchTask(
    @CurrentUser() v: Viewer, @Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined,
    @Req() req: FastifyRequest, @Res() res: FastifyReply,
  ): Promise<void> {
    requireContentType(req.raw, ['application/json-patch+json', 'application/json']);
    send(res.raw, await this.fhir.changeTask(v, fhirId(id), { patch: body ?? null }, ifMatch));
  }

  @Put('Task/:id')
  async putTask(
    @CurrentUser() v: Viewer, @Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined,
    @Req() req: FastifyRequest, @Res() res: FastifyReply,
  ): Promise<void> {
    requireContentType(req.raw, ['application/fhir+json', 'application/json']);
    send(res.raw, await this.fhir.changeTask(v, fhirId(id), { replacement: body ?? null }, ifMatch));
  }

  @Get('ServiceRequest/:id')
  async serviceRequest(@CurrentUser() v: Viewer, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.serviceRequest(v, fhirId(id)));
  }

  @Get('Patient/:id')
  async patient(@CurrentUser() v: Viewer, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.patient(v, fhirId(id)));
  }

  @Get('Organization/:id')
  async organization(@Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.organization(fhirId(id)));
  }

  @Get('HealthcareService/:id')
  async healthcareService(@CurrentUser() v: Viewer, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.healthcareService(v, fhirId(id)));
  }

  @Get('Location/:id')
  async location(@CurrentUser() v: Viewer, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    send(res.raw, await this.fhir.location(v, fhirId(id)));
  }

  @Get('CodeSystem/:id')
  codeSystem(@Param('id') id: string, @Res() res: FastifyReply): void {
    send(res.raw, { resource: this.fhir.codeSystem(id) });
  }
}

/** Rujuk's FHIR ids are its record ids (UUIDs). */
function fhirId(id: string): string {
  if (!UUID.test(id)) throw AppError.badInput('id', 'must be a UUID');
  return id.toLowerCase();
}

/** The body's media type must be one of `allowed` (415 otherwise), and there must be a body. */
function requireContentType(req: IncomingMessage, allowed: string[]): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!allowed.includes(type)) throw AppError.badInput('Content-Type', `must be ${allowed.join(' or ')}`, { httpStatus: 415, fhirIssue: 'not-supported' });
  if (req.headers['content-length'] === '0') throw AppError.badInput('body', 'is required');
}

function send(res: ServerResponse, { resource, version }: Versioned | { resource: FhirResource; version?: undefined }): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/fhir+json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (version !== undefined) res.setHeader('etag', `W/"${version}"`);
  res.end(JSON.stringify(resource));
}
