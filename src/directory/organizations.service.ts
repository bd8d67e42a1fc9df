import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/like-pattern';
import { AppError } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type DataLoader from 'dataloader';
import { byKeys, defineLoader, requestLoader } from '../common/request-loaders';
import { canCreateOrganization, canManageOrganization } from '../identity/policies';
import type { Viewer } from '../common/viewer';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { toOrganizationType } from './directory.mappers';
import { OrganizationType } from './directory.types';
import { CreateOrganizationInput, OrganizationFieldsInput, OrganizationsArgs, UpdateOrganizationInput } from './dto/directory.inputs';
import { OrganizationEntity } from './organization.entity';

const ORGANIZATIONS_BY_ID = defineLoader<string, OrganizationEntity | null>('organizationsById');

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
  ) {}

  async require(id: string): Promise<OrganizationEntity> {
    const org = await this.orgs.findOne({ where: { id } });
    if (!org) throw AppError.notFound('Organization', id);
    return org;
  }

  /** Organisations by id for one request (every field resolver that reaches an organisation uses this one). */
  loader(request: object): DataLoader<string, OrganizationEntity | null> {
    return requestLoader(request, ORGANIZATIONS_BY_ID, async (ids) => byKeys(ids, await this.byIds(ids), (o) => o.id));
  }

  async byIds(ids: readonly string[]): Promise<OrganizationEntity[]> {
    return ids.length ? this.orgs.createQueryBuilder('o').where('o.id = ANY(:ids::uuid[])', { ids }).getMany() : [];
  }

  private async validate(input: OrganizationFieldsInput): Promise<void> {
    if (input.partnerKind !== undefined) await this.taxonomy.assertPartnerKind('input.partnerKind', input.partnerKind);
    if (input.regionCode !== undefined) await this.taxonomy.assertRegions('input.regionCode', [input.regionCode]);
  }

  async create(viewer: Viewer, input: CreateOrganizationInput): Promise<OrganizationType> {
    await this.validate(input);
    if (!canCreateOrganization(viewer, { regionCode: input.regionCode })) {
      throw AppError.forbidden('You may add organisations only within your region');
    }
    const org = this.orgs.create({
      name: input.name.trim(), partnerKind: input.partnerKind, description: input.description ?? null,
      website: input.website ?? null, email: input.email ?? null, phones: input.phones ?? [],
      legalStatus: input.legalStatus ?? null, identifiers: input.identifiers ?? [], regionCode: input.regionCode,
      referralContact: input.referralContact ?? null, active: input.active ?? true,
    });
    return this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(OrganizationEntity).save(org);
      await this.audit.record(tx, viewer, {
        action: 'ORGANIZATION_CREATED', entityType: 'Organization', entityId: saved.id, entityOrganizationId: saved.id,
        details: { partnerKind: saved.partnerKind, regionCode: saved.regionCode },
      });
      return toOrganizationType(saved);
    });
  }

  async update(viewer: Viewer, input: UpdateOrganizationInput): Promise<OrganizationType> {
    await this.validate(input);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(OrganizationEntity);
      const org = await repo.findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw AppError.notFound('Organization', input.id);
      if (!canManageOrganization(viewer, org)) throw AppError.forbidden('You may not edit this organisation');
      const { id: _id, ...changes } = input;
      const next = { ...org, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      if (!canManageOrganization(viewer, next)) throw AppError.forbidden('You may not move an organisation out of your region');
      const saved = await repo.save(next);
      await this.audit.record(tx, viewer, {
        action: 'ORGANIZATION_UPDATED', entityType: 'Organization', entityId: org.id, entityOrganizationId: org.id,
        details: { fields: Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined).sort() },
      });
      return toOrganizationType(saved);
    });
  }

  async list(args: OrganizationsArgs): Promise<ConnectionShape<OrganizationType>> {
    const window = pageWindow(args);
    const qb = this.orgs.createQueryBuilder('o');
    if (args.partnerKind) qb.andWhere('o.partner_kind = :kind', { kind: args.partnerKind });
    if (args.regionCode !== undefined) await this.taxonomy.assertRegions('regionCode', [args.regionCode]);
    if (args.regionCode) qb.andWhere("(o.region_code = :rc OR o.region_code LIKE :rcPrefix)", { rc: args.regionCode, rcPrefix: `${args.regionCode}.%` });
    if (args.search?.trim()) {
      qb.andWhere("(o.name ILIKE '%' || :like || '%' OR o.name % :s)", { s: args.search.trim(), like: escapeLike(args.search.trim()) });
      qb.orderBy('similarity(o.name, :s)', 'DESC');
    }
    qb.addOrderBy('o.name').addOrderBy('o.id').skip(window.offset).take(window.limit);
    const [rows, total] = await qb.getManyAndCount();
    return toConnection(rows.map(toOrganizationType), total, window);
  }
}
