import type { Viewer } from '../../src/common/viewer';
import { canRunGapAnalysis, gapAccess, readableRegion, shownCount } from '../../src/gaps/gap-access';
import { GapFigures, gapLevelOf, gapLevelSql } from '../../src/gaps/gap-level';
import { crlfLines, inlineParams } from '../../src/database/copy-stream';
import { csvHeader, CsvColumn } from '../../src/gaps/gap-reports';
import { metricsWindow } from '../../src/gaps/gap-reads.service';

const none: GapFigures = {
  needs: 0, unmatchedNeeds: 0, decided: 0, supplyDeclines: 0, expired: 0, coveringServices: 0, capacityReporting: 0, capacityAvailable: 0,
};
const f = (over: Partial<GapFigures>): GapFigures => ({ ...none, ...over });

describe('gap level rule', () => {
  it('CRITICAL: demand and no covering service', () => {
    expect(gapLevelOf(f({ needs: 1 }))).toEqual({ level: 'CRITICAL', reason: 'NO_COVERING_SERVICE' });
    // Referrals without needs in the cell are not demand for this rule.
    expect(gapLevelOf(f({ decided: 3 })).level).toBe('NONE');
  });

  it('HIGH: every covering service reports no room', () => {
    expect(gapLevelOf(f({ needs: 4, coveringServices: 2, capacityReporting: 2, capacityAvailable: 0 }))).toEqual({ level: 'HIGH', reason: 'NO_CAPACITY' });
    // One service does not report: its room is unknown, so not "no capacity".
    expect(gapLevelOf(f({ needs: 4, coveringServices: 2, capacityReporting: 1, capacityAvailable: 0 })).level).toBe('NONE');
  });

  it('HIGH: supply declines and expiries are more than half of the decided referrals', () => {
    // 2 x (3 + 1) - 7 = 1 > 0
    expect(gapLevelOf(f({ needs: 7, coveringServices: 1, decided: 7, supplyDeclines: 3, expired: 1 }))).toEqual({ level: 'HIGH', reason: 'SUPPLY_REFUSALS' });
    // exactly half: 2 x 3 - 6 = 0, not more than half -> only LOW
    expect(gapLevelOf(f({ needs: 6, coveringServices: 1, decided: 6, supplyDeclines: 3 }))).toEqual({ level: 'LOW', reason: 'SOME_UNMET' });
  });

  it('HIGH: most needs found no eligible service; LOW: some unmet; NONE otherwise', () => {
    expect(gapLevelOf(f({ needs: 3, unmatchedNeeds: 2, coveringServices: 1 }))).toEqual({ level: 'HIGH', reason: 'NO_MATCH' });
    expect(gapLevelOf(f({ needs: 4, unmatchedNeeds: 2, coveringServices: 1 }))).toEqual({ level: 'LOW', reason: 'SOME_UNMET' });
    expect(gapLevelOf(f({ needs: 4, coveringServices: 1, decided: 4 }))).toEqual({ level: 'NONE', reason: 'MET' });
  });

  it('renders the same rules into SQL, in order, nulls as 0', () => {
    const sql = gapLevelSql('cell');
    expect(sql.level).toMatch(/^CASE WHEN \(1 \* coalesce\(cell\.needs, 0\)\) > 0 AND \(1 \* coalesce\(cell\.covering_services, 0\)\) = 0 THEN 'CRITICAL'/);
    expect(sql.level).toContain(`(2 * coalesce(cell.supply_declines, 0) + 2 * coalesce(cell.expired, 0) + -1 * coalesce(cell.decided, 0)) > 0`);
    expect(sql.level.endsWith(`WHEN true THEN 'NONE' END`)).toBe(true);
    expect(sql.rank).toMatch(/THEN 3 .* THEN 0 END$/);
  });
});

const viewer = (over: Partial<Viewer>): Viewer => ({ id: 'u', email: 'u@x', role: 'COORDINATOR', organizationId: 'o1', regionScope: '32', ...over });

describe('gap access', () => {
  it('scopes readers: admins all, coordinators their region, case managers their organisation\'s regency, partners none', () => {
    expect(gapAccess(viewer({ role: 'ADMIN', regionScope: null }), null)).toMatchObject({ scope: null, exact: true });
    expect(gapAccess(viewer({}), '32.77')).toMatchObject({ scope: '32', exact: false, ownOrganizationId: 'o1' });
    expect(gapAccess(viewer({ role: 'CASE_MANAGER' }), '32.77.01.1001')).toMatchObject({ scope: '32.77', exact: false });
    expect(() => gapAccess(viewer({ role: 'CASE_MANAGER' }), null)).toThrow(/organisation/);
    expect(() => gapAccess(viewer({ role: 'PARTNER_STAFF' }), '32.77')).toThrow();
  });

  it('narrows a region read to the scope and refuses one outside it', () => {
    const access = gapAccess(viewer({ regionScope: '32.77' }), null);
    expect(readableRegion(access, null, 'f')).toBe('32.77');
    expect(readableRegion(access, '32.77.01', 'f')).toBe('32.77.01');
    expect(readableRegion(access, '32', 'f')).toBe('32.77');
    expect(() => readableRegion(access, '32.73', 'f')).toThrow(/outside your region/);
  });

  it('lets admins run any scope and coordinators only inside theirs', () => {
    expect(canRunGapAnalysis(viewer({ role: 'ADMIN' }), null)).toBe(true);
    expect(canRunGapAnalysis(viewer({}), '32.77')).toBe(true);
    expect(canRunGapAnalysis(viewer({}), null)).toBe(false);
    expect(canRunGapAnalysis(viewer({ regionScope: null }), null)).toBe(true);
    expect(canRunGapAnalysis(viewer({ role: 'CASE_MANAGER' }), '32.77')).toBe(false);
  });

  it('shows 1-4 as "<5" unless exact; 0 and 5 as they are', () => {
    expect([0, 1, 4, 5].map((n) => shownCount(n, false))).toEqual([
      { value: 0, display: '0' }, { value: null, display: '<5' }, { value: null, display: '<5' }, { value: 5, display: '5' },
    ]);
    expect(shownCount(3, true)).toEqual({ value: 3, display: '3' });
  });
});

describe('network metrics window', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('defaults to the 90 days before now and refuses an empty or too long window', () => {
    expect(metricsWindow({}, now)).toEqual({ from: new Date('2026-09-02T00:00:00Z'), to: now });
    expect(() => metricsWindow({ from: now, to: now }, now)).toThrow(/input.from/);
    expect(() => metricsWindow({ from: new Date('2025-01-01T00:00:00Z'), to: now }, now)).toThrow(/366 days/);
  });
});

describe('CSV rendering', () => {
  const columns: CsvColumn[] = [
    { id: 'Nama', en: 'Name', sql: () => 'a' },
    { id: '=Jumlah', en: 'Count', sql: () => 'n' },
  ];
  it('writes the header with a byte order mark, in the language asked, formulas neutralised', () => {
    expect(csvHeader(columns, 'id')).toBe('\uFEFFNama,"\'=Jumlah"\r\n');
    expect(csvHeader(columns, 'en')).toBe('\uFEFFName,Count\r\n');
  });

  it('turns LF line ends into CRLF across chunks, leaving line breaks inside quoted fields', () => {
    const crlf = crlfLines();
    const input = 'a,"x\ny",1\nb,"say ""hi""\n",2\nc,3\n';
    // Every split of the text into two chunks gives the same output.
    const expected = 'a,"x\ny",1\r\nb,"say ""hi""\n",2\r\nc,3\r\n';
    for (let cut = 0; cut <= input.length; cut++) {
      const c = crlfLines();
      const out = Buffer.concat([c(Buffer.from(input.slice(0, cut))), c(Buffer.from(input.slice(cut)))]).toString();
      expect([cut, out]).toEqual([cut, expected]);
    }
    expect(crlf(Buffer.from('no line end')).toString()).toBe('no line end');
  });

  it('writes parameters into a COPY statement as literals', () => {
    expect(inlineParams(`SELECT $1, $2, $3, $4, $10`, ["it's", 5, null, ['A', 'B'], 0, 0, 0, 0, 0, new Date('2026-01-02T03:04:05Z')]))
      .toBe(`SELECT 'it''s', 5, NULL, ARRAY['A', 'B'], '2026-01-02T03:04:05.000Z'::timestamptz`);
    expect(() => inlineParams('SELECT $2', [1])).toThrow(/no parameter \$2/);
    expect(() => inlineParams('SELECT $1', [{}])).toThrow(/cannot inline/);
    expect(() => inlineParams('SELECT $1', [NaN])).toThrow(/cannot inline/);
  });
});
