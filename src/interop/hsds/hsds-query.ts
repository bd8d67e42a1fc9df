/**
 * The query parameters of the HSDS API (Open Referral API specification), read and checked before anything is
 * looked up: an unknown parameter, a repeated one or a malformed value is refused with BAD_USER_INPUT naming the
 * parameter and the rule (HTTP 400). Pure functions.
 */
import { AppError } from '../../common/app-error';

export type RawQuery = Record<string, unknown>;

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Z0-9_.-]{1,60}$/i;

export interface PageParams {
  page: number;
  perPage: number;
}

export interface ServiceListParams extends PageParams {
  search?: string;
  organizationId?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  modifiedAfter?: Date;
  minimal: boolean;
  full: boolean;
}

export interface OrganizationListParams extends PageParams {
  search?: string;
  full: boolean;
  fullService: boolean;
}

class Reader {
  constructor(private readonly q: RawQuery, allowed: readonly string[]) {
    const unknown = Object.keys(q).filter((k) => !allowed.includes(k));
    if (unknown.length) throw AppError.badInput(unknown[0], `is not a parameter of this endpoint (allowed: ${allowed.join(', ')})`);
  }

  text(name: string, max = 200): string | undefined {
    const raw = this.q[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') throw AppError.badInput(name, 'must be given once, as text');
    if (raw.length > max) throw AppError.badInput(name, `must be at most ${max} characters`);
    if (/\u0000/.test(raw)) throw AppError.badInput(name, 'must not contain NUL characters');
    return raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name, 12);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw AppError.badInput(name, `must be a whole number from ${min} to ${max}`);
    return Number(raw);
  }

  bool(name: string): boolean {
    const raw = this.text(name, 5);
    if (raw === undefined) return false;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw AppError.badInput(name, 'must be true or false');
  }

  uuid(name: string): string | undefined {
    const raw = this.text(name, 36);
    if (raw !== undefined && !UUID.test(raw)) throw AppError.badInput(name, 'must be a UUID');
    return raw?.toLowerCase();
  }

  /** A taxonomy term: its UUID, or the code itself (e.g. ANAK_KORBAN_KEKERASAN). */
  term(name: string): string | undefined {
    const raw = this.text(name, 60);
    if (raw !== undefined && !UUID.test(raw) && !CODE.test(raw)) throw AppError.badInput(name, 'must be a taxonomy term id (UUID) or code');
    return raw;
  }

  dateTime(name: string): Date | undefined {
    const raw = this.text(name, 40);
    if (raw === undefined) return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
    const d = new Date(m && !m[4] ? `${raw}T00:00:00Z` : raw.replace(' ', 'T'));
    // A real calendar date (2023-02-30 is refused), read back as given.
    const real = m && !Number.isNaN(d.getTime()) && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    if (!real) throw AppError.badInput(name, 'must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T08:00:00Z');
    return d;
  }

  format(): void {
    const raw = this.text('format', 10);
    if (raw !== undefined && raw !== 'json') throw AppError.badInput('format', 'must be json');
  }
}

function page(r: Reader): PageParams {
  return { page: r.int('page', 1, 1, 1_000_000), perPage: r.int('per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE) };
}

export function serviceListParams(q: RawQuery): ServiceListParams {
  const r = new Reader(q, ['page', 'per_page', 'search', 'organization_id', 'taxonomy_term_id', 'taxonomy_id', 'modified_after', 'minimal', 'full', 'format']);
  r.format();
  return {
    ...page(r), search: r.text('search'), organizationId: r.uuid('organization_id'), taxonomyTermId: r.term('taxonomy_term_id'),
    taxonomyId: r.uuid('taxonomy_id'), modifiedAfter: r.dateTime('modified_after'), minimal: r.bool('minimal'), full: r.bool('full'),
  };
}

export function organizationListParams(q: RawQuery): OrganizationListParams {
  const r = new Reader(q, ['page', 'per_page', 'search', 'full', 'full_service', 'format']);
  r.format();
  return { ...page(r), search: r.text('search'), full: r.bool('full'), fullService: r.bool('full_service') };
}

export function organizationParams(q: RawQuery): { fullService: boolean } {
  const r = new Reader(q, ['full_service']);
  return { fullService: r.bool('full_service') };
}

export function noParams(q: RawQuery): void {
  new Reader(q, []);
}

/** The id in a path: a UUID, or BAD_USER_INPUT naming `id`. */
export function pathId(id: string): string {
  if (!UUID.test(id)) throw AppError.badInput('id', 'must be a UUID');
  return id.toLowerCase();
}

/** The HSDS page object around `contents`. */
export function pageOf<T>(contents: T[], total: number, p: PageParams): Record<string, unknown> {
  const totalPages = Math.ceil(total / p.perPage);
  return {
    total_items: total, total_pages: totalPages, page_number: p.page, size: contents.length,
    first_page: p.page === 1, last_page: p.page >= totalPages, empty: contents.length === 0, contents,
  };
}
