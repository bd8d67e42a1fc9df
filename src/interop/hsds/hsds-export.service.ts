import { Injectable } from '@nestjs/common';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DirectoryPublicationService } from '../../directory/directory-publication.service';
import { HsdsRecord, locationRecord, organizationRecord, TAXONOMIES } from './hsds-mapper';
import { HSDS_TABLE, HSDS_TABLES } from './hsds-tables';
import { HsdsService } from './hsds.service';
import type { TextSink } from '../../common/stream-download';

export type { TextSink };

export type Progress = (p: { table: string; done: number; total: number }) => void;

/** The nested lists of an HSDS record and the table each one's items go to. */
const CHILD_TABLE: Record<string, string> = {
  phones: 'phone', organization_identifiers: 'organization_identifier', attributes: 'attribute', locations: 'location',
  addresses: 'address', accessibility: 'accessibility', schedules: 'schedule', service_at_locations: 'service_at_location',
  service_areas: 'service_area', languages: 'language', required_documents: 'required_document', cost_options: 'cost_option',
};

const BATCH = 500;

/**
 * The HSDS 3.0 export of the whole published directory, streamed: services are read through a cursor 500 at a
 * time and each batch is written out before the next is read, so memory stays flat whatever the directory's size.
 *
 * - JSON: an array of fully nested services (each with its organisation, locations, schedules, phones, areas,
 *   languages, documents, costs and taxonomy terms), as the HSDS API's `/services/{id}` returns them.
 * - Tabular: one CSV file per HSDS table and a `datapackage.json` (Frictionless tabular data package) describing
 *   them; organisations and their locations come from their own pass, so an organisation without a service or a
 *   location no service uses is exported too.
 */
@Injectable()
export class HsdsExportService {
  constructor(
    private readonly directory: DirectoryPublicationService,
    private readonly hsds: HsdsService,
  ) {}

  async counts(): Promise<{ services: number; organizations: number }> {
    const [services, organizations] = await Promise.all([this.directory.servicesPage({}, 0, 1), this.directory.organizationsPage({}, 0, 1)]);
    return { services: services.total, organizations: organizations.total };
  }

  /** Writes the JSON array of services; returns how many. */
  async writeJson(sink: TextSink, progress?: Progress): Promise<number> {
    const total = progress ? (await this.counts()).services : 0;
    let done = 0;
    await sink('[');
    await this.directory.streamServices(async (rows) => {
      const records = await this.hsds.fullServices(rows);
      const text = records.map((r) => `${done++ === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`).join('');
      await sink(text);
      progress?.({ table: 'services', done, total });
    }, BATCH);
    await sink(done ? '\n]\n' : ']\n');
    return done;
  }

  /** Writes the CSV files and datapackage.json into `dir` (created if missing); returns the rows per file. */
  async writeTabular(dir: string, progress?: Progress): Promise<Record<string, number>> {
    await mkdir(dir, { recursive: true });
    const out = new TableWriters(dir);
    const terms = new Map<string, HsdsRecord>();
    const totals = progress ? await this.counts() : { services: 0, organizations: 0 };
    try {
      let orgs = 0;
      await this.directory.streamOrganizations(async (rows) => {
        const locations = await this.directory.locationsOfOrganizations(rows.map((o) => o.id));
        const schedules = await this.hsds.schedules(locations);
        const vocab = await this.hsds.vocabulary([...rows.map((o) => o.regionCode), ...locations.map((l) => l.regionCode)]);
        for (const o of rows) {
          const record = organizationRecord(o, vocab, {
            locations: locations.filter((l) => l.organizationId === o.id).map((l) => locationRecord(l, schedules.get(l.id) ?? [], vocab)),
          });
          await flatten('organization', record, out, terms);
        }
        orgs += rows.length;
        progress?.({ table: 'organizations', done: orgs, total: totals.organizations });
      }, BATCH);
      let services = 0;
      await this.directory.streamServices(async (rows) => {
        for (const record of await this.hsds.fullServices(rows)) {
          // The organisation and the locations were written by the organisations' pass.
          const { organization: _org, ...service } = record;
          service.service_at_locations = (service.service_at_locations as HsdsRecord[] | undefined)?.map(({ location: _l, ...sal }) => sal);
          await flatten('service', service, out, terms);
        }
        services += rows.length;
        progress?.({ table: 'services', done: services, total: totals.services });
      }, BATCH);
      for (const t of Object.values(TAXONOMIES)) {
        await out.write('taxonomy', { id: t.id, name: t.name, description: t.description, uri: t.uri, version: '1' });
      }
      for (const term of terms.values()) await out.write('taxonomy_term', term);
    } finally {
      await out.close();
    }
    await writeFile(join(dir, 'datapackage.json'), JSON.stringify(dataPackage(), null, 2) + '\n');
    return out.counts();
  }
}

/** Writes a record's own fields as a row of its table and each nested list's items to theirs. */
async function flatten(table: string, record: HsdsRecord, out: TableWriters, terms: Map<string, HsdsRecord>): Promise<void> {
  const own: HsdsRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value) && CHILD_TABLE[key]) {
      for (const child of value as HsdsRecord[]) await flatten(CHILD_TABLE[key], child, out, terms);
    } else if (key === 'taxonomy_term' && value && typeof value === 'object') {
      const term = value as HsdsRecord;
      terms.set(String(term.id), term);
    } else if (!Array.isArray(value) && (value === null || typeof value !== 'object')) {
      own[key] = value;
    }
  }
  await out.write(table, own);
}

/** One CSV file per table, opened on its first row, written with back-pressure. */
class TableWriters {
  private readonly streams = new Map<string, WriteStream>();
  private readonly rows = new Map<string, number>();

  constructor(private readonly dir: string) {
    // Every table gets its file, with its header, even when empty.
    for (const t of HSDS_TABLES) this.open(t.name);
  }

  private open(table: string): WriteStream {
    const t = HSDS_TABLE[table];
    const stream = createWriteStream(join(this.dir, t.path), { encoding: 'utf8' });
    stream.write(Papa.unparse([t.fields.map((f) => f.name)]) + '\r\n');
    this.streams.set(table, stream);
    this.rows.set(table, 0);
    return stream;
  }

  async write(table: string, record: HsdsRecord): Promise<void> {
    const t = HSDS_TABLE[table];
    const stream = this.streams.get(table)!;
    const line = Papa.unparse([t.fields.map((f) => (record[f.name] === undefined ? '' : record[f.name]))]) + '\r\n';
    this.rows.set(table, this.rows.get(table)! + 1);
    if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await Promise.all([...this.streams.values()].map((s) => new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())))));
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.rows].map(([table, n]) => [HSDS_TABLE[table].path, n]));
  }
}

/** The Frictionless tabular data package describing the CSV files. */
export function dataPackage(): HsdsRecord {
  return {
    name: 'rujuk-hsds', title: 'Rujuk directory (Open Referral HSDS 3.0)', profile: 'tabular-data-package',
    resources: HSDS_TABLES.map((t) => ({
      name: t.name, path: t.path, profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8',
      schema: {
        fields: t.fields.map((f) => ({ name: f.name, type: f.type, ...(f.format ? { format: f.format } : {}), ...(t.required.includes(f.name) ? { constraints: { required: true } } : {}) })),
        primaryKey: 'id',
      },
    })),
  };
}
