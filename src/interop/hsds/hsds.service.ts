import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { DirectoryPublicationService, PublishedLocation, PublishedService, PublishedServiceFilter } from '../../directory/directory-publication.service';
import type { ScheduleType } from '../../directory/directory.types';
import type { OrganizationEntity } from '../../directory/organization.entity';
import { regionAncestry } from '../../taxonomy/region-code';
import { TaxonomyService } from '../../taxonomy/taxonomy.service';
import {
  HsdsRecord, locationRecord, minimalRecord, organizationRecord, serviceListRecord, serviceRecord, TAXONOMIES, taxonomyTermId, Vocabulary,
} from './hsds-mapper';
import { OrganizationListParams, pageOf, ServiceListParams } from './hsds-query';

type Schedules = Map<string, (ScheduleType & { id: string })[]>;

/**
 * The HSDS API's reads (services and organisations, paged and filtered) and the building blocks of the export:
 * published rows from the directory's door, the taxonomy's names, and the pure mapper (hsds-mapper.ts).
 */
@Injectable()
export class HsdsService {
  constructor(
    private readonly directory: DirectoryPublicationService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /** `GET /hsds/`: what this API is. */
  about(): HsdsRecord {
    return { version: '3.0', profile: 'https://rujuk.id/hsds/profile' };
  }

  async services(p: ServiceListParams): Promise<HsdsRecord> {
    const filter = await this.serviceFilter(p);
    const { rows, total } = await this.directory.servicesPage(filter, (p.page - 1) * p.perPage, p.perPage);
    let contents: HsdsRecord[];
    if (p.minimal) contents = rows.map((r) => minimalRecord(r.service));
    else if (p.full) contents = await this.fullServices(rows);
    else {
      const vocab = await this.vocabulary(rows.flatMap((r) => r.service.areaCodes));
      contents = rows.map((r) => serviceListRecord(r.service, vocab));
    }
    return pageOf(contents, total, p);
  }

  async service(id: string): Promise<HsdsRecord> {
    const row = await this.directory.service(id);
    if (!row) throw AppError.notFound('Service', id);
    const [record] = await this.fullServices([row]);
    return record;
  }

  async organizations(p: OrganizationListParams): Promise<HsdsRecord> {
    const { rows, total } = await this.directory.organizationsPage({ search: p.search }, (p.page - 1) * p.perPage, p.perPage);
    const contents = p.full || p.fullService ? await this.fullOrganizations(rows, p.fullService) : await this.plainOrganizations(rows);
    return pageOf(contents, total, p);
  }

  async organization(id: string, fullService: boolean): Promise<HsdsRecord> {
    const org = await this.directory.organization(id);
    if (!org) throw AppError.notFound('Organization', id);
    const [record] = await this.fullOrganizations([org], fullService);
    return record;
  }

  private async serviceFilter(p: ServiceListParams): Promise<PublishedServiceFilter> {
    const filter: PublishedServiceFilter = { search: p.search, organizationId: p.organizationId, modifiedAfter: p.modifiedAfter };
    if (p.taxonomyTermId) Object.assign(filter, await this.termFilter(p.taxonomyTermId));
    if (p.taxonomyId) {
      if (p.taxonomyId === TAXONOMIES.pmks.id) filter.anyNeedCategory = true;
      else if (p.taxonomyId === TAXONOMIES['service-type'].id) filter.anyServiceType = true;
      else throw AppError.badInput('taxonomy_id', 'is not a taxonomy services are classified in (PMKS or service types)');
    }
    return filter;
  }

  /** A term by its id or code: a PMKS need category or a service type. */
  private async termFilter(term: string): Promise<Pick<PublishedServiceFilter, 'needCategory' | 'serviceType'>> {
    const [categories, types] = await Promise.all([this.taxonomy.needCategories(), this.taxonomy.serviceTypes()]);
    const category = categories.find((c) => c.code === term || taxonomyTermId('pmks', c.code) === term.toLowerCase());
    if (category) return { needCategory: category.code };
    const type = types.find((t) => t.code === term || taxonomyTermId('service-type', t.code) === term.toLowerCase());
    if (type) return { serviceType: type.code };
    throw AppError.badInput('taxonomy_term_id', 'is not a PMKS need category or service type (by term id or code)');
  }

  /** Services fully nested: organisation, locations (confidential ones without address) with schedules. */
  async fullServices(rows: PublishedService[]): Promise<HsdsRecord[]> {
    const locations = await this.directory.locationsOfServices(rows.map((r) => r.service.id));
    const schedules = await this.schedules(locations);
    const vocab = await this.vocabulary([
      ...rows.flatMap((r) => [...r.service.areaCodes, r.organization.regionCode]), ...locations.map((l) => l.regionCode),
    ]);
    const byService = new Map<string, PublishedLocation[]>();
    for (const l of locations) byService.set(l.serviceId, [...(byService.get(l.serviceId) ?? []), l]);
    return rows.map((r) => serviceRecord(r.service, { organization: r.organization, locations: byService.get(r.service.id) ?? [], schedules }, vocab));
  }

  private async plainOrganizations(rows: OrganizationEntity[]): Promise<HsdsRecord[]> {
    const vocab = await this.vocabulary(rows.map((o) => o.regionCode));
    return rows.map((o) => organizationRecord(o, vocab));
  }

  /** Organisations with their locations and their services (ids and names, or fully nested with `fullService`). */
  private async fullOrganizations(rows: OrganizationEntity[], fullService: boolean): Promise<HsdsRecord[]> {
    const ids = rows.map((o) => o.id);
    const [locations, services] = await Promise.all([this.directory.locationsOfOrganizations(ids), this.directory.servicesOfOrganizations(ids)]);
    const schedules = await this.schedules(locations);
    const vocab = await this.vocabulary([...rows.map((o) => o.regionCode), ...locations.map((l) => l.regionCode), ...services.flatMap((s) => s.areaCodes)]);
    const nested = fullService
      ? await this.fullServices(services.map((service) => ({ service, organization: rows.find((o) => o.id === service.organizationId)! })))
      : services.map((s) => ({ id: s.id, name: s.name, organization_id: s.organizationId, status: serviceListRecord(s, vocab).status }));
    return rows.map((o) => organizationRecord(o, vocab, {
      locations: locations.filter((l) => l.organizationId === o.id).map((l) => locationRecord(l, schedules.get(l.id) ?? [], vocab)),
      services: nested.filter((s) => s.organization_id === o.id),
    }));
  }

  async schedules(locations: { id: string }[]): Promise<Schedules> {
    const rows = await this.directory.schedulesOfLocations([...new Set(locations.map((l) => l.id))]);
    const map: Schedules = new Map();
    for (const s of rows) map.set(s.locationId, [...(map.get(s.locationId) ?? []), s]);
    return map;
  }

  /** Names of the codes these records use (regions with their regency and province). */
  async vocabulary(regionCodes: string[]): Promise<Vocabulary> {
    const [categories, types, kinds] = await Promise.all([this.taxonomy.needCategories(), this.taxonomy.serviceTypes(), this.taxonomy.partnerKinds()]);
    const wanted = [...new Set(regionCodes.flatMap((c) => [c, ...regionAncestry(c)]))];
    const regions = new Map((await this.taxonomy.regionsByCodes(wanted)).map((r) => [r.code, r]));
    const cats = new Map(categories.map((c) => [c.code, { name: c.nameId, description: c.nameEn }]));
    const svcTypes = new Map(types.map((t) => [t.code, { name: t.nameId, description: t.nameEn }]));
    const partnerKinds = new Map(kinds.map((k) => [k.code, { name: k.nameEn, description: k.nameEn }]));
    return {
      needCategory: (code) => cats.get(code) ?? null,
      serviceType: (code) => svcTypes.get(code) ?? null,
      partnerKind: (code) => partnerKinds.get(code) ?? null,
      region: (code) => {
        const r = regions.get(code);
        if (!r) return null;
        const chain = [code, ...regionAncestry(code)].map((c) => regions.get(c)).filter((x) => x !== undefined);
        return {
          name: r.name,
          regency: chain.find((x) => x.level === 'REGENCY')?.name ?? null,
          province: chain.find((x) => x.level === 'PROVINCE')?.name ?? null,
        };
      },
    };
  }
}
