import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Viewer } from '../../common/viewer';
import type { BatchResult } from '../../directory/directory-import.service';
import type { ImportedLocation, ImportedOrganization } from '../../directory/directory-import.types';
import type { ImportFormat, NormalisedRow, RowIssue } from './import-record';
import { HeapGuard } from './heap-guard';
import { normaliseName } from './region-resolver';
import { text } from './row-normaliser';
import { readRows } from './sources';
import type { RowNormaliser } from './row-normaliser';

export interface ImportCounts {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportProgress extends ImportCounts {
  phase: 'validating' | 'writing' | 'done';
  /** Rows of the current phase done so far. */
  done: number;
}

/** The door the pipeline writes through (DirectoryImportService). */
export interface ImportWriter {
  applyBatch(viewer: Viewer, orgs: ImportedOrganization[], opts: { dryRun: boolean; importId: string | null }): Promise<BatchResult>;
}

export interface ImportRun {
  path: string;
  format: ImportFormat;
  dryRun: boolean;
  viewer: Viewer;
  importId: string | null;
  normaliser: RowNormaliser;
  writer: ImportWriter;
  /** Called with each issue, in order (the caller stores or prints them). */
  onIssue: (issue: RowIssue) => void | Promise<void>;
  onProgress?: (p: ImportProgress) => void;
  /** Organisations per transaction (default 200). */
  batchSize?: number;
  /** Batches written at once, each in its own transaction (default 2). */
  concurrency?: number;
}

/** Two batches in flight: the database writes one while this process builds the next. */
export const DEFAULT_CONCURRENCY = 2;
/** Outcomes waiting to be reported in their turn, at most. */
const MAX_QUEUED = 1000;

/** One organisation's state across the file: its valid rows' lines and whether any of its rows failed. */
interface OrgTally {
  /** The organisation's name as compared across rows (normalised). */
  name: string;
  pending: number;
}

interface HeldOrg {
  org: ImportedOrganization;
  rows: { line: number; service: string }[];
}

const tallyKey = (o: ImportedOrganization) => `${o.key.scheme}\u0000${o.key.identifier}`;

/** Folds rows of one organisation into one record: services by key (their locations joined), locations by key, phones merged. */
export function mergeOrganization(into: ImportedOrganization, next: ImportedOrganization): void {
  for (const p of next.phones) if (!into.phones.some((x) => x.number === p.number)) into.phones.push(p);
  for (const i of next.otherIdentifiers) if (!into.otherIdentifiers.some((x) => x.scheme === i.scheme && x.identifier === i.identifier)) into.otherIdentifiers.push(i);
  for (const k of ['description', 'website', 'email', 'legalStatus'] as const) into[k] ??= next[k];
  const locs = new Map<string, ImportedLocation>(into.locations.map((l) => [l.key.identifier, l]));
  for (const l of next.locations) if (!locs.has(l.key.identifier)) into.locations.push(l);
  for (const s of next.services) {
    const cur = into.services.find((x) => x.key.identifier === s.key.identifier);
    if (!cur) into.services.push(s);
    else for (const k of s.locationKeys) if (!cur.locationKeys.includes(k)) cur.locationKeys.push(k);
  }
}

/**
 * An import in two passes over the file, each streamed:
 * 1. validate: every row normalised and checked; its problems reported (line, field, rule, value); a row that
 *    repeats an earlier one (same organisation, service and place) is reported as a duplicate; valid rows are
 *    kept in a temporary file (JSON lines), not in memory;
 * 2. write (or, in a dry run, compare): the valid rows of organisations none of whose rows failed, grouped by
 *    organisation (an organisation's rows are held until its last one is read), `batchSize` organisations per
 *    transaction; a batch that fails is retried one organisation at a time, so an organisation is written whole
 *    or not at all. Each row counts once: created, updated, unchanged (its service as it was) or rejected.
 */
export async function runImport(run: ImportRun): Promise<ImportCounts> {
  const counts: ImportCounts = { rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const progress = (phase: ImportProgress['phase'], done: number) => run.onProgress?.({ ...counts, phase, done });
  const orgs = new Map<string, OrgTally>();
  /** Organisations (by normalised name) with a row that failed validation: their other rows are not written either. */
  const failedNames = new Map<string, number>();
  /** Each valid row's digest of organisation, service and places, to its line: what makes a row a duplicate. */
  const seen = new Map<string, number>();
  const heap = new HeapGuard();
  /** Batches being written (and refused organisations waiting their turn), oldest first. */
  const inFlight: { results: Promise<Applied[]>; writes: boolean }[] = [];
  const dir = await fs.mkdtemp(join(tmpdir(), 'rujuk-import-rows-'));
  const validFile = join(dir, 'valid.jsonl');
  try {
    // Pass 1: validate.
    const out = createWriteStream(validFile);
    for await (const source of readRows(run.path, run.format)) {
      counts.rowsRead += 1;
      const { row, issues } = run.normaliser.normalise(source);
      if (!row) {
        counts.rejected += 1;
        for (const i of issues) await run.onIssue(i);
        const name = text(source.organization.name);
        if (name && !failedNames.has(normaliseName(name))) failedNames.set(normaliseName(name), source.line);
      } else {
        const org = row.organization;
        const svc = org.services[0];
        const dupKey = createHash('sha1').update(`${tallyKey(org)}\u0000${svc.key.identifier}\u0000${svc.locationKeys.join(',')}`).digest('base64');
        const first = seen.get(dupKey);
        const tally = orgs.get(tallyKey(org)) ?? { name: normaliseName(org.name), pending: 0 };
        orgs.set(tallyKey(org), tally);
        if (first !== undefined) {
          counts.rejected += 1;
          await run.onIssue({ line: row.line, field: 'row', rule: `duplicate of line ${first} (same organisation, service and place)`, value: `${org.name} / ${svc.name}` });
        } else {
          seen.set(dupKey, row.line);
          tally.pending += 1;
          if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
        }
      }
      if (counts.rowsRead % 1000 === 0) {
        progress('validating', counts.rowsRead);
        heap.check();
      }
    }
    out.end();
    await once(out, 'finish');
    seen.clear();
    progress('validating', counts.rowsRead);

    // Pass 2: write (or compare), one organisation whole at a time.
    const held = new Map<string, HeldOrg>();
    let batch: HeldOrg[] = [];
    let written = 0;
    // Batches in flight, oldest first: the next batch is read, merged and built while the database writes the
    // previous ones (each in its own transaction; their organisations are distinct), and each batch's outcome
    // is counted and reported in file order.
    let writing = 0;
    const settleOldest = async () => {
      const oldest = inFlight.shift()!;
      const results = await oldest.results;
      if (oldest.writes) writing -= 1;
      await report(run, results, counts);
      written += results.reduce((n, b) => n + b.rows.length, 0);
      progress('writing', written);
      heap.check();
    };
    const flush = async () => {
      if (!batch.length) return;
      inFlight.push({ results: applyWithFallback(run, batch), writes: true });
      writing += 1;
      batch = [];
      while (writing >= (run.concurrency ?? DEFAULT_CONCURRENCY)) await settleOldest();
    };
    const lines = createInterface({ input: createReadStream(validFile), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text) continue;
      const row = JSON.parse(text) as NormalisedRow;
      const k = tallyKey(row.organization);
      const tally = orgs.get(k)!;
      const entry = held.get(k);
      const ref = { line: row.line, service: row.organization.services[0].key.identifier };
      if (entry) {
        mergeOrganization(entry.org, row.organization);
        entry.rows.push(ref);
      } else held.set(k, { org: row.organization, rows: [ref] });
      tally.pending -= 1;
      if (tally.pending > 0) continue;
      const whole = held.get(k)!;
      held.delete(k);
      const failedLine = failedNames.get(tally.name);
      if (failedLine !== undefined) {
        // Reported in its turn, after the batches before it.
        const rule = `not written: line ${failedLine} of the same organisation has errors (an organisation is imported whole or not at all)`;
        const result: BatchResult = { outcomes: new Map(), refused: new Map([[whole.org.key.identifier, { field: 'organization', rule }]]) };
        inFlight.push({ results: Promise.resolve([{ ...whole, result }]), writes: false });
        while (inFlight.length > MAX_QUEUED) await settleOldest();
        continue;
      }
      batch.push(whole);
      if (batch.length >= (run.batchSize ?? 200)) await flush();
    }
    await flush();
    while (inFlight.length) await settleOldest();
    progress('done', written);
    return counts;
  } catch (err) {
    // A batch still in flight finishes (or fails) before the temporary file goes; its outcome no longer matters.
    await Promise.allSettled(inFlight.map((f) => f.results));
    throw err;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

type Applied = HeldOrg & { result: BatchResult | null; error?: string };

/** Writes a batch, or (when it fails) its organisations one by one; never rejects: a failure is the organisation's outcome. */
async function applyWithFallback(run: ImportRun, batch: HeldOrg[]): Promise<Applied[]> {
  const apply = (orgs: ImportedOrganization[]) => run.writer.applyBatch(run.viewer, orgs, { dryRun: run.dryRun, importId: run.importId });
  try {
    const result = await apply(batch.map((b) => b.org));
    return batch.map((b) => ({ ...b, result }));
  } catch (err) {
    if (batch.length === 1) return [{ ...batch[0], result: null, error: (err as Error).message }];
    // One organisation spoiled the batch: apply them one by one, each whole or not at all.
    const results: Applied[] = [];
    for (const b of batch) {
      try {
        results.push({ ...b, result: await apply([b.org]) });
      } catch (e) {
        results.push({ ...b, result: null, error: (e as Error).message });
      }
    }
    return results;
  }
}

/** Counts a written batch's rows and reports its refused organisations' rows. */
async function report(run: ImportRun, results: Applied[], counts: ImportCounts): Promise<void> {
  for (const r of results) {
    const refused = r.result?.refused.get(r.org.key.identifier);
    if (!r.result || refused) {
      counts.rejected += r.rows.length;
      for (const row of r.rows) {
        await run.onIssue({ line: row.line, field: refused?.field ?? 'organization', rule: refused?.rule ?? `could not be written: ${r.error ?? 'unknown error'}`, value: r.org.name });
      }
      continue;
    }
    // Each row counts as its service's outcome (rows of one service at several places share it).
    for (const row of r.rows) counts[r.result.outcomes.get(row.service) ?? 'rejected'] += 1;
  }
}
