import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pipeline as streamPipeline, type Readable } from 'node:stream';
import Papa from 'papaparse';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import yauzl from 'yauzl';
import { hsdsServiceToRow } from './hsds-mapping';
import { JsonArraySplitter } from './json-array-splitter';
import type { ImportFormat, Raw, SourceRow } from './import-record';

/**
 * Readers: each yields the file's rows one at a time (a stream, never the whole file in memory), as source
 * rows for the normaliser. A problem with the file as a whole (not JSON, no organisation column) throws an
 * ImportFileError; a problem with a row is the normaliser's to report.
 */
export class ImportFileError extends Error {}

/** The format a file's name and first bytes suggest, when not given. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const stat = await fs.stat(path);
  if (stat.isDirectory() || /\.zip$/i.test(path)) return 'hsds-csv';
  const handle = await fs.open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (buffer.subarray(0, bytesRead).toString('latin1') === 'PK\u0003\u0004') return 'hsds-csv';
    const head = (await handle.read(Buffer.alloc(512), 0, 512, 0)).buffer.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head.startsWith('[') || head.startsWith('{') ? 'hsds-json' : 'csv';
  } finally {
    await handle.close();
  }
}

export function readRows(path: string, format: ImportFormat): AsyncGenerator<SourceRow> {
  switch (format) {
    case 'hsds-json':
      return readHsdsJson(path);
    case 'hsds-csv':
      return readHsdsTabular(path);
    case 'csv':
      return readSpreadsheet(path);
    default: {
      const never: never = format;
      throw new ImportFileError(`unknown format ${String(never)}`);
    }
  }
}

/** HSDS JSON: an array of services, or an API page (`{ "contents": [...] }`), or one service object. */
export async function* readHsdsJson(path: string): AsyncGenerator<SourceRow> {
  const handle = await fs.open(path, 'r');
  let first = '';
  try {
    first = (await handle.read(Buffer.alloc(256), 0, 256, 0)).buffer.toString('utf8').replace(/^\uFEFF/, '').replace(/\0+$/, '').trimStart();
  } finally {
    await handle.close();
  }
  if (first.startsWith('{') && !/^\{\s*"(total_items|total_pages|page_number|size|first_page|last_page|empty|contents)"/.test(first)) {
    // One service object: small by nature (a page or an array is what large files are).
    const stat = await fs.stat(path);
    if (stat.size > 50 * 1024 * 1024) throw new ImportFileError('a single JSON object over 50 MB; give an array of services');
    let value: unknown;
    try {
      value = JSON.parse((await fs.readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new ImportFileError(`not valid JSON: ${(err as Error).message}`);
    }
    yield hsdsServiceToRow(value, 1);
    return;
  }
  if (first.startsWith('[')) {
    yield* readJsonArray(path);
    return;
  }
  const stages: NodeJS.ReadWriteStream[] = [parser() as unknown as NodeJS.ReadWriteStream];
  if (first.startsWith('{')) stages.push(pick({ filter: 'contents' }) as unknown as NodeJS.ReadWriteStream);
  stages.push(streamArray() as unknown as NodeJS.ReadWriteStream);
  const source = createReadStream(path);
  // stream.pipeline destroys every stage when one fails, so the loop below ends with the error instead of waiting.
  const stream = streamPipeline([source, ...stages] as unknown as [NodeJS.ReadableStream, NodeJS.ReadWriteStream], () => undefined);
  try {
    for await (const item of stream as unknown as AsyncIterable<{ key: number; value: unknown }>) {
      yield hsdsServiceToRow(item.value, item.key + 1);
    }
  } catch (err) {
    throw new ImportFileError(`not valid JSON: ${(err as Error).message}`);
  } finally {
    source.destroy();
  }
}

/** A JSON array of services: each element's text found by the splitter and parsed on its own. */
async function* readJsonArray(path: string): AsyncGenerator<SourceRow> {
  const splitter = new JsonArraySplitter();
  const source = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  let record = 0;
  try {
    for await (const chunk of source as AsyncIterable<string>) {
      let texts: string[];
      try {
        texts = splitter.push(chunk);
      } catch (err) {
        throw new ImportFileError(`not valid JSON: ${(err as Error).message}`);
      }
      for (const t of texts) {
        record += 1;
        let value: unknown;
        try {
          value = JSON.parse(t);
        } catch (err) {
          throw new ImportFileError(`not valid JSON: element ${record} of the array: ${(err as Error).message}`);
        }
        yield hsdsServiceToRow(value, record);
      }
    }
    try {
      splitter.end();
    } catch (err) {
      throw new ImportFileError(`not valid JSON: ${(err as Error).message}`);
    }
  } finally {
    source.destroy();
  }
}

/** A CSV file's records as objects keyed by header, streamed; `line` is the record's number + 1 (the header). */
async function* csvRecords(path: string): AsyncGenerator<{ line: number; record: Record<string, string> }> {
  const source = createReadStream(path);
  const parse = Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.replace(/^\uFEFF/, '').trim() });
  source.pipe(parse);
  let line = 1;
  try {
    for await (const record of parse as unknown as AsyncIterable<Record<string, string>>) {
      line += 1;
      yield { line, record };
    }
  } finally {
    source.destroy();
  }
}

/** Spreadsheet headers, Indonesian or English, to the import's fields. */
const HEADERS: Record<string, string[]> = {
  organization: ['organisasi', 'nama organisasi', 'lembaga', 'nama lembaga', 'instansi', 'organization', 'organisation', 'organization name', 'organisation name', 'provider'],
  partnerKind: ['jenis lembaga', 'jenis organisasi', 'jenis mitra', 'partner kind', 'organization type', 'organisation type'],
  service: ['layanan', 'nama layanan', 'program', 'service', 'service name'],
  description: ['deskripsi', 'keterangan', 'uraian', 'description'],
  address: ['alamat', 'alamat lengkap', 'address', 'street address'],
  postalCode: ['kode pos', 'postal code', 'postcode', 'zip'],
  phone: ['telepon', 'telp', 'no telp', 'no telepon', 'nomor telepon', 'no hp', 'hp', 'phone', 'telephone', 'phone number'],
  email: ['email', 'e mail', 'surel', 'surat elektronik', 'alamat email'],
  website: ['situs', 'situs web', 'website', 'web', 'url', 'laman'],
  regency: ['kabupaten kota', 'kab kota', 'kabupaten', 'kota', 'kota kabupaten', 'regency', 'city', 'regency city', 'city regency'],
  province: ['provinsi', 'propinsi', 'province'],
  district: ['kecamatan', 'district', 'subdistrict'],
  village: ['desa', 'kelurahan', 'desa kelurahan', 'kelurahan desa', 'village'],
  regionCode: ['kode wilayah', 'kode kemendagri', 'region code', 'area code'],
  latitude: ['lintang', 'latitude', 'lat'],
  longitude: ['bujur', 'longitude', 'lng', 'lon', 'long'],
  serviceTypes: ['jenis layanan', 'tipe layanan', 'service types', 'service type'],
  needCategories: ['kategori pmks', 'pmks', 'kategori', 'sasaran', 'need categories', 'need category', 'pmks categories'],
  minimumAge: ['usia minimum', 'usia min', 'umur minimum', 'minimum age', 'min age'],
  maximumAge: ['usia maksimum', 'usia maks', 'umur maksimum', 'maximum age', 'max age'],
  fees: ['biaya', 'fees', 'cost'],
  status: ['status'],
  confidential: ['rahasia', 'lokasi rahasia', 'alamat rahasia', 'confidential', 'confidential location'],
};

const headerKey = (h: string) => h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const HEADER_INDEX = new Map<string, string>(Object.entries(HEADERS).flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as [string, string])));

/** Which import field a spreadsheet header is, or undefined. Exported for the docs' table and tests. */
export function spreadsheetField(header: string): string | undefined {
  return HEADER_INDEX.get(headerKey(header));
}

/** A plain spreadsheet CSV: one row per service (at one place), the kind an office keeps. */
export async function* readSpreadsheet(path: string): AsyncGenerator<SourceRow> {
  let columns: Map<string, string> | null = null;
  for await (const { line, record } of csvRecords(path)) {
    if (!columns) {
      columns = new Map();
      for (const h of Object.keys(record)) {
        const f = spreadsheetField(h);
        if (f && !columns.has(f)) columns.set(f, h);
      }
      if (!columns.has('organization') || !columns.has('service')) {
        throw new ImportFileError(`the header row needs an organisation column (organisasi/organization) and a service column (layanan/service); found: ${Object.keys(record).join(', ')}`);
      }
    }
    const get = (f: string): Raw => (columns!.has(f) ? record[columns!.get(f)!] : null);
    yield {
      line, scheme: 'import',
      organization: {
        name: get('organization'), partnerKind: get('partnerKind'), email: get('email'), website: get('website'), phones: [get('phone')],
      },
      service: {
        name: get('service'), description: get('description'), needCategories: [get('needCategories')], serviceTypes: [get('serviceTypes')],
        minimumAge: get('minimumAge'), maximumAge: get('maximumAge'), fees: get('fees'), status: get('status'),
      },
      locations: [{
        address: get('address'), postalCode: get('postalCode'), province: get('province'), regency: get('regency'),
        district: get('district'), village: get('village'), regionCode: get('regionCode'), latitude: get('latitude'), longitude: get('longitude'),
        confidential: get('confidential'),
      }],
    };
  }
}

type Table = Record<string, string>[];

/** Groups a table's rows by a column. */
function by(rows: Table, column: string): Map<string, Table> {
  const m = new Map<string, Table>();
  for (const r of rows) {
    const k = r[column];
    if (!k) continue;
    const list = m.get(k) ?? [];
    list.push(r);
    m.set(k, list);
  }
  return m;
}

async function readTable(dir: string, name: string): Promise<Table> {
  const path = join(dir, `${name}.csv`);
  try {
    await fs.access(path);
  } catch {
    return [];
  }
  const rows: Table = [];
  for await (const { record } of csvRecords(path)) rows.push(record);
  return rows;
}

/** Extracts a zip (entries streamed to files, flat, CSV and JSON only) into a new temporary folder. */
export async function unzipToTemp(path: string): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'rujuk-import-'));
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true }, (err, z) => (err ? reject(new ImportFileError(`not a zip file: ${err.message}`)) : resolve(z!))));
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = basename(entry.fileName);
      if (entry.fileName.endsWith('/') || !/\.(csv|json)$/i.test(name)) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        pipeline(stream as Readable, createWriteStream(join(dir, name))).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  return dir;
}

/**
 * HSDS tabular form: a folder (or zip) of CSV files named as in the HSDS data package (services.csv,
 * organizations.csv, locations.csv, addresses.csv, ...). datapackage.json, when present, names the files. The
 * services table is streamed; the others are read into memory, joined to each service as HSDS JSON nests them.
 */
export async function* readHsdsTabular(path: string): AsyncGenerator<SourceRow> {
  const stat = await fs.stat(path);
  const dir = stat.isDirectory() ? path : await unzipToTemp(path);
  try {
    const files = new Map<string, string>();
    try {
      const pkg = JSON.parse(await fs.readFile(join(dir, 'datapackage.json'), 'utf8')) as { resources?: { name?: string; path?: string }[] };
      for (const r of pkg.resources ?? []) if (r.name && r.path) files.set(r.name, basename(r.path).replace(/\.csv$/i, ''));
    } catch {
      // No datapackage.json: the files have their HSDS names.
    }
    const table = (name: string) => readTable(dir, files.get(name) ?? name);
    const [orgs, locations, addresses, phones, schedules, sals, areas, attributes, terms, languages, documents, orgIds] = await Promise.all([
      table('organizations'), table('locations'), table('addresses'), table('phones'), table('schedules'), table('service_at_location'),
      table('service_areas'), table('attributes'), table('taxonomy_terms'), table('languages'), table('required_documents'), table('organization_identifiers'),
    ]);
    const servicesFile = join(dir, `${files.get('services') ?? 'services'}.csv`);
    try {
      await fs.access(servicesFile);
    } catch {
      throw new ImportFileError('the HSDS tabular data has no services.csv');
    }
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const locById = new Map(locations.map((l) => [l.id, l]));
    const termById = new Map(terms.map((t) => [t.id, t]));
    const addressesByLoc = by(addresses, 'location_id');
    const phonesBy = { service: by(phones, 'service_id'), org: by(phones, 'organization_id'), loc: by(phones, 'location_id') };
    const schedulesBy = { service: by(schedules, 'service_id'), loc: by(schedules, 'location_id'), sal: by(schedules, 'service_at_location_id') };
    const salsByService = by(sals, 'service_id');
    const areasByService = by(areas, 'service_id');
    const attributesByLink = by(attributes, 'link_id');
    const languagesByService = by(languages, 'service_id');
    const documentsByService = by(documents, 'service_id');
    const orgIdsByOrg = by(orgIds, 'organization_id');
    const attributesOf = (id: string) => (attributesByLink.get(id) ?? []).map((a) => ({ ...a, taxonomy_term: termById.get(a.taxonomy_term_id) ?? {} }));
    const location = (id: string) => {
      const l = locById.get(id);
      if (!l) return {};
      return {
        ...l, addresses: addressesByLoc.get(id) ?? [], phones: (phonesBy.loc.get(id) ?? []).filter((p) => !p.service_id),
        attributes: attributesOf(id),
        schedules: (schedulesBy.loc.get(id) ?? []).filter((s) => !s.service_id && !s.service_at_location_id),
      };
    };
    for await (const { line, record: s } of csvRecords(servicesFile)) {
      const org = orgById.get(s.organization_id);
      const nested = {
        ...s,
        organization: org ? {
          ...org, organization_identifiers: orgIdsByOrg.get(org.id) ?? [], attributes: attributesOf(org.id),
          phones: (phonesBy.org.get(org.id) ?? []).filter((p) => !p.service_id && !p.location_id),
        } : { id: s.organization_id },
        phones: phonesBy.service.get(s.id) ?? [],
        schedules: (schedulesBy.service.get(s.id) ?? []).filter((x) => !x.service_at_location_id),
        service_at_locations: (salsByService.get(s.id) ?? []).map((sal) => ({ ...sal, schedules: schedulesBy.sal.get(sal.id) ?? [], location: location(sal.location_id) })),
        service_areas: areasByService.get(s.id) ?? [],
        attributes: attributesOf(s.id),
        languages: languagesByService.get(s.id) ?? [],
        required_documents: documentsByService.get(s.id) ?? [],
      };
      yield hsdsServiceToRow(nested, line);
    }
  } finally {
    if (dir !== path) await fs.rm(dir, { recursive: true, force: true });
  }
}
