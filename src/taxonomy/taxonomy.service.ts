import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { escapeLike } from '../common/like-pattern';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import type DataLoader from 'dataloader';
import { byKeys, defineLoader, requestLoader } from '../common/request-loaders';
import { isRegionCodeShape } from './region-code';
import type { RegionLevel } from './region-code';
import { NeedCategoryType, PartnerKindType, RegionType, ServiceTypeType } from './taxonomy.types';

interface Catalogue {
  needCategories: NeedCategoryType[];
  serviceTypes: ServiceTypeType[];
  partnerKinds: PartnerKindType[];
}

/**
 * Read-only reference data, loaded once per process on first use (it changes only by migration, which runs
 * before the process starts): the small catalogues, and the region table (91,592 rows of idn-area-data 3.1.2:
 * 19.8 MB of heap, 110 ms to load), which every match reads (the client's place is checked, the area that
 * covers it is named) for villages seen at random; read a few at a time, the first sight of each village was a
 * round trip of its own.
 */
const REGIONS_BY_CODE = defineLoader<string, RegionType | null>('regionsByCode');

@Injectable()
export class TaxonomyService {
  private catalogue?: Promise<Catalogue>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private load(): Promise<Catalogue> {
    this.catalogue ??= (async () => {
      const [needCategories, serviceTypes, partnerKinds] = await Promise.all([
        this.db.query(
          `SELECT code, position, name_id AS "nameId", name_en AS "nameEn", min_age AS "minAge", max_age AS "maxAge",
                  sex, unmarried, applies_to AS "appliesTo", criteria,
                  default_service_types AS "defaultServiceTypes"
             FROM need_category ORDER BY position`,
        ),
        this.db.query(
          `SELECT code, name_id AS "nameId", name_en AS "nameEn", function_code AS "function" FROM service_type ORDER BY code`,
        ),
        this.db.query(`SELECT code, name_en AS "nameEn" FROM partner_kind ORDER BY code`),
      ]);
      return { needCategories, serviceTypes, partnerKinds };
    })();
    return this.catalogue;
  }

  async needCategories(): Promise<NeedCategoryType[]> {
    return (await this.load()).needCategories;
  }
  async needCategory(code: string): Promise<NeedCategoryType | undefined> {
    return (await this.load()).needCategories.find((c) => c.code === code);
  }
  async serviceTypes(): Promise<ServiceTypeType[]> {
    return (await this.load()).serviceTypes;
  }
  async partnerKinds(): Promise<PartnerKindType[]> {
    return (await this.load()).partnerKinds;
  }

  /** Throws BAD_USER_INPUT naming the field when a code is not a PMKS category. */
  async assertNeedCategories(field: string, codes: string[]): Promise<void> {
    const known = new Set((await this.load()).needCategories.map((c) => c.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw AppError.badInput(field, `unknown need category ${unknown.join(', ')}`);
  }
  async assertServiceTypes(field: string, codes: string[]): Promise<void> {
    const known = new Set((await this.load()).serviceTypes.map((c) => c.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw AppError.badInput(field, `unknown service type ${unknown.join(', ')}`);
  }
  /**
   * The service types a need of `category` asks for: those given (each a known service type, at least one), or
   * the category's defaults when none are given. `field` names the input in the error.
   */
  async needServiceTypes(field: string, category: NeedCategoryType, given: string[] | undefined): Promise<string[]> {
    if (given === undefined) return category.defaultServiceTypes;
    if (!given.length) throw AppError.badInput(field, 'name at least one service type the need asks for');
    await this.assertServiceTypes(field, given);
    return [...new Set(given)];
  }
  async assertPartnerKind(field: string, code: string): Promise<void> {
    if (!(await this.load()).partnerKinds.some((k) => k.code === code)) {
      throw AppError.badInput(field, `unknown partner kind ${code}`);
    }
  }

  /** Throws BAD_USER_INPUT naming the field when any code is malformed or not an official region. */
  async assertRegions(field: string, codes: string[]): Promise<void> {
    const malformed = codes.filter((c) => !isRegionCodeShape(c));
    if (malformed.length) throw AppError.badInput(field, `malformed region code ${malformed.join(', ')} (e.g. 32.77.01.1001)`);
    if (!codes.length) return;
    const found = new Set((await this.regionsByCodes(codes)).map((r) => r.code));
    const unknown = codes.filter((c) => !found.has(c));
    if (unknown.length) throw AppError.badInput(field, `unknown region code ${unknown.join(', ')}`);
  }

  private regionTable?: Promise<Map<string, RegionType>>;

  private regionsLoaded(): Promise<Map<string, RegionType>> {
    this.regionTable ??= (async () => {
      const rows: RegionType[] = await this.db.query(`SELECT code, level, name, parent_code AS "parentCode" FROM region`);
      return new Map(rows.map((r) => [r.code, r]));
    })().catch((err: unknown) => {
      this.regionTable = undefined; // a later call tries again
      throw err;
    });
    return this.regionTable;
  }

  /** Regions by code for one request (organisations' regions, regions' ancestors). */
  regionLoader(request: object): DataLoader<string, RegionType | null> {
    return requestLoader(request, REGIONS_BY_CODE, async (codes) => byKeys(codes, await this.regionsByCodes(codes), (r) => r.code));
  }

  /** Every region (the loaded table): for resolving place names (imports). */
  async allRegions(): Promise<RegionType[]> {
    return [...(await this.regionsLoaded()).values()];
  }

  async regionsByCodes(codes: readonly string[]): Promise<RegionType[]> {
    const table = await this.regionsLoaded();
    return codes.map((c) => table.get(c)).filter((r): r is RegionType => r !== undefined);
  }

  async regions(args: {
    level?: RegionLevel; parentCode?: string; search?: string; first?: number; after?: string;
  }): Promise<ConnectionShape<RegionType>> {
    const window = pageWindow(args);
    const where: string[] = [];
    const params: unknown[] = [];
    if (args.level) {
      params.push(args.level);
      where.push(`level = $${params.length}`);
    }
    if (args.parentCode !== undefined) await this.assertRegions('parentCode', [args.parentCode]);
    if (args.parentCode) {
      params.push(args.parentCode);
      where.push(`parent_code = $${params.length}`);
    }
    let order = 'code';
    if (args.search?.trim()) {
      params.push(args.search.trim(), escapeLike(args.search.trim()));
      const p = `$${params.length - 1}`;
      const like = `$${params.length}`;
      where.push(`(name ILIKE '%' || ${like} || '%' OR name % ${p})`);
      order = `(name ILIKE ${like} || '%') DESC, similarity(name, ${p}) DESC, code`;
    }
    params.push(window.limit, window.offset);
    const rows: (RegionType & { total: string })[] = await this.db.query(
      `SELECT code, level, name, parent_code AS "parentCode", count(*) OVER () AS total
         FROM region ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : await this.countRegions(where, params.slice(0, -2), window.offset);
    return toConnection(rows.map(({ total: _t, ...r }) => r), total, window);
  }

  /** The window-count is absent on an empty page past the end; count separately then. */
  private async countRegions(where: string[], params: unknown[], offset: number): Promise<number> {
    if (offset === 0) return 0;
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM region ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return n;
  }
}
