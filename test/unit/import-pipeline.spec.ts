import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Viewer } from '../../src/common/viewer';
import type { BatchResult } from '../../src/directory/directory-import.service';
import type { ImportedOrganization } from '../../src/directory/directory-import.types';
import { ImportWriter, runImport } from '../../src/interop/import/import-pipeline';
import type { RowIssue } from '../../src/interop/import/import-record';
import { RegionResolver } from '../../src/interop/import/region-resolver';
import { RowNormaliser } from '../../src/interop/import/row-normaliser';

const normaliser = new RowNormaliser({
  regions: new RegionResolver([
    { code: '51', level: 'PROVINCE', name: 'BALI', parentCode: null },
    { code: '51.71', level: 'REGENCY', name: 'KOTA DENPASAR', parentCode: '51' },
  ]),
  needCategories: [{ code: 'ANAK_JALANAN', nameId: 'Anak Jalanan' }],
  serviceTypes: [{ code: 'KONSELING', nameId: 'Konseling' }],
  partnerKinds: [{ code: 'LAINNYA' }],
});
const viewer: Viewer = { id: '00000000-0000-4000-8000-000000000001', email: '', role: 'ADMIN', organizationId: null, regionScope: null };

/** A spreadsheet of `orgs` organisations with two services each, one after the other. */
function spreadsheet(orgs: number, extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'rujuk-pipeline-'));
  const lines = ['Organisasi,Layanan,Kabupaten/Kota,Kategori PMKS'];
  for (let o = 0; o < orgs; o++) for (const s of ['A', 'B']) lines.push(`Yayasan ${o},Layanan ${s},Kota Denpasar,Anak Jalanan`);
  const path = join(dir, 'layanan.csv');
  writeFileSync(path, [...lines, ...extra].join('\n'));
  return path;
}

/**
 * A writer recording how many batches were being written at once. With `batches` (how many the import will write),
 * each odd-numbered batch but the last waits until the batch after it has finished, so batches finish out of file
 * order; that needs two written at once (with one at a time the import would hang, and the test time out).
 */
function slowWriter(refuse: string[] = [], batches = 0): ImportWriter & { batches: string[][]; mostAtOnce: number } {
  let running = 0;
  let n = 0;
  const finished = new Map<number, () => void>();
  const whenFinished = new Map<number, Promise<void>>();
  const finishedSignal = (k: number) => {
    if (!whenFinished.has(k)) whenFinished.set(k, new Promise<void>((resolve) => finished.set(k, resolve)));
    return whenFinished.get(k)!;
  };
  const w = {
    batches: [] as string[][],
    mostAtOnce: 0,
    async applyBatch(_v: Viewer, orgs: ImportedOrganization[]): Promise<BatchResult> {
      running += 1;
      w.mostAtOnce = Math.max(w.mostAtOnce, running);
      w.batches.push(orgs.map((o) => o.name));
      const k = ++n;
      if (k % 2 === 1 && k < batches) await finishedSignal(k + 1);
      running -= 1;
      const result: BatchResult = { outcomes: new Map(), refused: new Map() };
      for (const o of orgs) {
        if (refuse.includes(o.name)) result.refused.set(o.key.identifier, { field: 'organization.regionCode', rule: 'outside your region' });
        else for (const s of o.services) result.outcomes.set(s.key.identifier, 'created');
      }
      finishedSignal(k);
      finished.get(k)!();
      return result;
    },
  };
  return w;
}

describe('the import pipeline', () => {
  it('writes two batches at once and reports every outcome in file order', async () => {
    // Yayasan 3's second row has no service name: the organisation is not written at all.
    const path = spreadsheet(6, ['Yayasan 3,,Kota Denpasar,Anak Jalanan']);
    const writer = slowWriter(['Yayasan 1', 'Yayasan 4'], 5);
    const issues: RowIssue[] = [];
    const counts = await runImport({
      path, format: 'csv', dryRun: false, viewer, importId: null, normaliser, writer, batchSize: 1, onIssue: (i) => {
        issues.push(i);
      },
    });
    expect(counts).toEqual({ rowsRead: 13, created: 6, updated: 0, unchanged: 0, rejected: 7 });
    expect(writer.mostAtOnce).toBe(2);
    expect(writer.batches).toEqual([['Yayasan 0'], ['Yayasan 1'], ['Yayasan 2'], ['Yayasan 4'], ['Yayasan 5']]);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [14, 'service.name'],
      [4, 'organization.regionCode'], [5, 'organization.regionCode'],
      [8, 'organization'], [9, 'organization'],
      [10, 'organization.regionCode'], [11, 'organization.regionCode'],
    ]);
    expect(issues[3].rule).toMatch(/^not written: line 14 of the same organisation has errors/);
  });

  it('writes one batch at a time when asked', async () => {
    const writer = slowWriter();
    const counts = await runImport({ path: spreadsheet(4), format: 'csv', dryRun: false, viewer, importId: null, normaliser, writer, batchSize: 1, concurrency: 1, onIssue: () => undefined });
    expect(counts.created).toBe(8);
    expect(writer.mostAtOnce).toBe(1);
  });
});
