import { INestApplicationContext } from '@nestjs/common';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { eventually } from '../support/eventually';
import { createOrg, staff } from '../support/factories';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, startWorker } from '../support/worker';

/**
 * Importing the directory through the upload endpoint, the queue and the real worker: a messy office spreadsheet
 * (dry run, apply, re-import), the HSDS 3.0 example service (JSON) and the HSDS example data package (zip),
 * with the access rules of the endpoint, of directoryImport and of unclassifiedServices.
 */
const FIELDS = `id status format dryRun rowsRead created updated unchanged rejected issueCount error issues { line field rule value }`;
const IMPORT = `query($id: ID!) { directoryImport(id: $id, issuesFirst: 200) { ${FIELDS} } }`;

/** A spreadsheet as an office keeps one: header in Indonesian, blanks, comma decimals, several spellings. */
const MESSY = [
  'Organisasi,Layanan,Alamat,Telepon,Surel,Kabupaten/Kota,Provinsi,Lintang,Bujur,Jenis Layanan,Kategori PMKS',
  // 2: good; regency and province in one cell, coordinates as strings with comma decimals, two phones in one cell
  'LBH Apik Aceh,Bantuan hukum,Jl. T. Nyak Arief 5,(0651) 34565 / (021) 5523507,apik@example.org,"KOTA BANDA ACEH, ACEH",," 5,5483 ","95,3238",Bantuan Hukum,WANITA_KORBAN_KEKERASAN',
  // 3: good, same organisation, another service; "kota  banda aceh" in lower case with two spaces
  'LBH Apik Aceh,Konseling korban,Jl. T. Nyak Arief 5,(0651) 34565,apik@example.org,kota  banda aceh,Aceh,,,konseling,Wanita yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah',
  // 4: duplicate of line 3
  'LBH Apik Aceh,Konseling korban,Jl. T. Nyak Arief 5,(0651) 34565,apik@example.org,kota  banda aceh,Aceh,,,konseling,Wanita yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah',
  // 5: good, "Kab. Buleleng", blank strings everywhere else
  'Rumah Aman Singaraja,Rumah aman,  ,0362 21234, ,Kab. Buleleng, , , ,RUMAH_PERLINDUNGAN,WANITA_KORBAN_KEKERASAN',
  // 6: bad e-mail
  'Yayasan Surel Salah,Pendampingan,Jl. Melati 2,0361 222333,bukan-surel,Kabupaten Buleleng,Bali,,,PENDAMPINGAN,ANAK_JALANAN',
  // 7: wrong province (Buleleng is in Bali)
  'Yayasan Salah Provinsi,Konseling,Jl. Mawar 1,0361 222444,info@example.org,Kab Buleleng,Jawa Barat,,,KONSELING,ANAK_JALANAN',
  // 8: ambiguous regency
  'Yayasan Bandung,Konseling,Jl. Braga 3,022 4201234,info@example.org,Bandung,,,,KONSELING,ANAK_JALANAN',
  // 9: coordinates swapped (outside Indonesia) and a phone that is no number
  'Yayasan Titik,Konseling,Jl. Anggrek 4,12,info@example.org,kota denpasar,Bali,"115,2","-8,65",KONSELING,ANAK_JALANAN',
  // 10: labels that map to nothing: imported as an inactive draft
  'Posko Banjir Denpasar,Dapur umum,Jl. Gajah Mada 9,0361 999888,posko@example.org,Kota Denpasar,Bali,-8.6568,115.2126,Dapur umum,Korban banjir',
].join('\n');

async function upload(t: TestApp, body: string | Buffer, query: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/imports/directory?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** A zip (stored, no compression) of the given files: enough for the tabular form's test. */
function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18); local.writeUInt32LE(f.data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20); central.writeUInt32LE(f.data.length, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('directory import', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: { token: string };
  let baliCoordinator: { token: string };
  let acehCoordinator: { token: string };
  let caseManager: { token: string };

  const finished = (id: string, token = admin.token) => eventually(async () => {
    const d = await ok(gql(t, IMPORT, { id }, token));
    return ['SUCCEEDED', 'FAILED'].includes(d.directoryImport.status) ? d.directoryImport : null;
  }, 30_000);
  const run = async (body: string | Buffer, query: string, token = admin.token) => {
    const r = await upload(t, body, query, token);
    expect(r.status).toBe(202);
    return finished(r.body.id, token);
  };
  const serviceCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM service WHERE identifiers <> '[]'`))[0].n);

  let auditFrom = 0;

  beforeAll(async () => {
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = await userWithToken(t, 'ADMIN');
    // The audit trail is append-only and outlives earlier files' data: count only what this file causes.
    auditFrom = Number((await t.db.query(`SELECT coalesce(max(id), 0) AS id FROM audit_event`))[0].id);
    const office = await createOrg(t, { regionCode: '32.77' });
    baliCoordinator = await userWithToken(t, 'COORDINATOR', { organizationId: office, regionScope: '51' });
    acehCoordinator = await userWithToken(t, 'COORDINATOR', { organizationId: office, regionScope: '11' });
    caseManager = await staff(t, 'CASE_MANAGER', office);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('refuses uploads without a token (401) and from case managers (403)', async () => {
    expect((await upload(t, MESSY, 'format=csv')).status).toBe(401);
    const refused = await upload(t, MESSY, 'format=csv', caseManager.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('a dry run reports every problem by line, field, rule and value, and writes nothing', async () => {
    const report = await run(MESSY, 'format=csv&dryRun=true');
    expect(report).toMatchObject({ status: 'SUCCEEDED', dryRun: true, rowsRead: 9, created: 4, updated: 0, unchanged: 0, rejected: 5 });
    const issue = (line: number) => report.issues.filter((i: { line: number }) => i.line === line);
    expect(issue(4)).toEqual([{ line: 4, field: 'row', rule: 'duplicate of line 3 (same organisation, service and place)', value: 'LBH Apik Aceh / Konseling korban' }]);
    expect(issue(6)).toEqual([{ line: 6, field: 'organization.email', rule: 'must be an email', value: 'bukan-surel' }]);
    expect(issue(7)).toEqual([expect.objectContaining({ field: 'location.regency', value: 'Kab Buleleng', rule: expect.stringMatching(/not in Jawa Barat \(32\); Kabupaten Buleleng \(51\.08\) lies in Bali \(51\)/) })]);
    expect(issue(8)).toEqual([expect.objectContaining({ field: 'location.regency', value: 'Bandung', rule: expect.stringMatching(/ambiguous: Kabupaten Bandung \(32\.04\), Kota Bandung \(32\.73\)/) })]);
    expect(issue(9).map((i: { field: string }) => i.field).sort()).toEqual(['location.latitude', 'organization.phone']);
    expect(issue(9).find((i: { field: string }) => i.field === 'location.latitude').rule).toMatch(/outside Indonesia/);
    expect([...issue(2), ...issue(3), ...issue(5), ...issue(10)]).toEqual([]);
    expect(await serviceCount()).toBe(0);
  });

  it('applying creates exactly the valid rows; a re-import of the same file changes nothing', async () => {
    const applied = await run(MESSY, 'format=csv&dryRun=false');
    expect(applied).toMatchObject({ status: 'SUCCEEDED', dryRun: false, rowsRead: 9, created: 4, updated: 0, unchanged: 0, rejected: 5 });
    const services = await t.db.query(
      `SELECT o.name AS org, o.phones, s.name, s.status, s.need_categories AS "needCategories", s.service_types AS "serviceTypes", s.area_codes AS "areaCodes",
              s.unmapped_labels AS "unmappedLabels", l.region_code AS "regionCode", l.latitude, l.longitude, l.time_zone AS "timeZone"
         FROM service s JOIN organization o ON o.id = s.organization_id
         JOIN service_at_location sl ON sl.service_id = s.id JOIN location l ON l.id = sl.location_id ORDER BY o.name, s.name`);
    expect(services.map((s: { org: string; name: string }) => `${s.org} / ${s.name}`)).toEqual([
      'LBH Apik Aceh / Bantuan hukum', 'LBH Apik Aceh / Konseling korban', 'Posko Banjir Denpasar / Dapur umum', 'Rumah Aman Singaraja / Rumah aman',
    ]);
    expect(services[0]).toMatchObject({
      phones: [{ number: '+6265134565' }, { number: '+62215523507' }], status: 'ACTIVE', needCategories: ['WANITA_KORBAN_KEKERASAN'],
      serviceTypes: ['BANTUAN_HUKUM'], areaCodes: ['11.71'], regionCode: '11.71', latitude: 5.5483, longitude: 95.3238, timeZone: 'Asia/Jakarta',
    });
    expect(services[2]).toMatchObject({ status: 'INACTIVE', needCategories: [], unmappedLabels: ['Korban banjir', 'Dapur umum'], timeZone: 'Asia/Makassar' });
    expect(services[3]).toMatchObject({ areaCodes: ['51.08'], latitude: null });
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM organization WHERE identifiers @> '[{"scheme": "import"}]'`))[0].n)).toBe(3);
    const audited = await t.db.query(`SELECT action, count(*)::int AS n FROM audit_event WHERE id > $1 AND (action LIKE 'SERVICE_CREATED' OR action LIKE 'DIRECTORY_IMPORT_%') GROUP BY action ORDER BY action`, [auditFrom]);
    expect(audited).toEqual([{ action: 'DIRECTORY_IMPORT_APPLIED', n: 1 }, { action: 'DIRECTORY_IMPORT_CHECKED', n: 1 }, { action: 'DIRECTORY_IMPORT_REQUESTED', n: 2 }, { action: 'SERVICE_CREATED', n: 4 }]);

    const again = await run(MESSY, 'format=csv&dryRun=false');
    expect(again).toMatchObject({ status: 'SUCCEEDED', rowsRead: 9, created: 0, updated: 0, unchanged: 4, rejected: 5 });
    expect(await serviceCount()).toBe(4);
  });

  it('lists imported drafts for coordinators to classify, not for case managers', async () => {
    const q = `query { unclassifiedServices(first: 10) { totalCount edges { node { name status unmappedLabels regionCode organizationName } } } }`;
    const d = await ok(gql(t, q, {}, baliCoordinator.token));
    expect(d.unclassifiedServices.totalCount).toBe(1);
    expect(d.unclassifiedServices.edges[0].node).toEqual({ name: 'Dapur umum', status: 'INACTIVE', unmappedLabels: ['Korban banjir', 'Dapur umum'], regionCode: '51.71', organizationName: 'Posko Banjir Denpasar' });
    expect((await ok(gql(t, q, {}, acehCoordinator.token))).unclassifiedServices.totalCount).toBe(0);
    expect((await errorOf(gql(t, q, {}, caseManager.token))).code).toBe('FORBIDDEN');
  });

  it('runs for a coordinator within their region, whose import another region\'s coordinator may not read', async () => {
    const bali = [
      'Organization,Service,Address,Phone,E-mail,Regency/City,Province,Latitude,Longitude,Service types,Need categories',
      'Sanggar Anak Denpasar,Rumah singgah,Jl. Diponegoro 1,0361 555666,sanggar@example.org,Kota Denpasar,Bali,-8.67,115.21,RUMAH_PERLINDUNGAN,ANAK_JALANAN',
      'Sanggar Anak Aceh,Rumah singgah,Jl. Teuku Umar 1,0651 555666,sanggar@example.org,Kota Banda Aceh,Aceh,,,RUMAH_PERLINDUNGAN,ANAK_JALANAN',
    ].join('\n');
    const r = await upload(t, bali, 'dryRun=false', baliCoordinator.token);
    expect(r.status).toBe(202);
    const done = await finished(r.body.id, baliCoordinator.token);
    expect(done).toMatchObject({ status: 'SUCCEEDED', format: 'csv', created: 1, rejected: 1 });
    expect(done.issues).toEqual([expect.objectContaining({ line: 3, field: 'organization.regionCode', rule: expect.stringMatching(/only within your region/) })]);
    expect((await errorOf(gql(t, IMPORT, { id: r.body.id }, acehCoordinator.token))).code).toBe('FORBIDDEN');
    expect((await errorOf(gql(t, IMPORT, { id: r.body.id }, caseManager.token))).code).toBe('FORBIDDEN');
    expect((await ok(gql(t, IMPORT, { id: r.body.id }, admin.token))).directoryImport.created).toBe(1);
  });

  it('imports the HSDS 3.0 example service (JSON), placed in Indonesia', async () => {
    const sample = JSON.parse(readFileSync(join(__dirname, '../fixtures/hsds-3.0/service_full.json'), 'utf8'));
    // As published the example is British: its address names no Indonesian place, so it is rejected by name.
    const asIs = await run(JSON.stringify([sample]), 'dryRun=true');
    expect(asIs).toMatchObject({ format: 'hsds-json', rowsRead: 1, rejected: 1 });
    expect(asIs.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'location.province', rule: 'unknown province', value: 'MyState' }),
      expect.objectContaining({ field: 'service.requiredDocuments', rule: expect.stringMatching(/shorter than or equal to 50 characters/) }),
    ]));
    const loc = sample.service_at_locations[0].location;
    Object.assign(loc, { latitude: -8.6705, longitude: 115.2126 });
    Object.assign(loc.addresses[0], { city: 'Kota Denpasar', state_province: 'Bali', region: '', postal_code: '80232' });
    sample.attributes = [{ taxonomy_term: { code: 'KONSELING' } }, { taxonomy_term: { code: 'WANITA_KORBAN_KEKERASAN' } }];
    sample.service_areas = [{ name: 'Kota Denpasar' }];
    sample.required_documents = [{ document: 'KTP' }];
    const done = await run(JSON.stringify([sample]), 'dryRun=false');
    expect(done).toMatchObject({ status: 'SUCCEEDED', format: 'hsds-json', rowsRead: 1, created: 1, rejected: 0 });
    const [svc] = await t.db.query(
      `SELECT s.name, s.minimum_age AS "minimumAge", s.service_types AS "serviceTypes", s.identifiers, o.name AS org, o.identifiers AS "orgIdentifiers", o.phones
         FROM service s JOIN organization o ON o.id = s.organization_id WHERE s.identifiers @> $1::jsonb`,
      [JSON.stringify([{ scheme: 'hsds', identifier: sample.id }])]);
    expect(svc).toMatchObject({ name: 'Community Counselling', minimumAge: 12, serviceTypes: ['KONSELING'], org: 'Example Organization Inc.' });
    expect(svc.orgIdentifiers).toEqual(expect.arrayContaining([{ scheme: 'hsds', identifier: sample.organization.id }]));
    expect(svc.phones).toEqual([{ number: '+441234234567' }]);
    expect(await run(JSON.stringify({ contents: [sample], total_items: 1 }), 'dryRun=false')).toMatchObject({ rowsRead: 1, unchanged: 1, created: 0, updated: 0 });
  });

  it('imports the HSDS tabular data package as a zip', async () => {
    const dir = join(__dirname, '../fixtures/hsds-3.0/csv');
    const files = readdirSync(dir).map((name) => {
      let text = readFileSync(join(dir, name), 'utf8');
      if (name === 'addresses.csv') text = text.replace('MyCity,MyRegion,MyState,ABC 1234', 'Kota Cimahi,,Jawa Barat,40511');
      if (name === 'service_areas.csv') text = text.replace(/,The service is available to all residents of the MyCity area\. [^,]*residency\.,/, ',Kota Cimahi,');
      if (name === 'attributes.csv') text = text.replace('f28dd44b-0c4d-479f-8e90-4c52219a8b3c', 'ac148810-d857-441c-9679-408f346de14b');
      if (name === 'required_documents.csv') text = text.replace(/,"Any official[^"]*",/, ',KTP,');
      if (name === 'locations.csv') text = text.replace(',100,101,', ',-6.8722,107.5425,');
      if (name === 'taxonomy_terms.csv') text = text.replace('3f7b145d-84af-42d7-8fae-eaca714b02b2,code,', '3f7b145d-84af-42d7-8fae-eaca714b02b2,ANAK_JALANAN,');
      return { name, data: Buffer.from(text) };
    });
    const done = await run(zip(files), 'dryRun=false');
    expect(done).toMatchObject({ status: 'SUCCEEDED', format: 'hsds-csv', rowsRead: 1, rejected: 0 });
    expect(done.created + done.updated).toBe(1);
    const [loc] = await t.db.query(`SELECT region_code AS "regionCode", latitude FROM location WHERE identifiers @> '[{"scheme":"hsds","identifier":"3a19ff88-4620-4d17-9830-ac1d859eb5d5"}]'`);
    expect(loc).toEqual({ regionCode: '32.77', latitude: -6.8722 });
    const [svc] = await t.db.query(`SELECT need_categories AS "needCategories", area_codes AS "areaCodes", required_documents AS "documents" FROM service WHERE identifiers @> '[{"scheme":"hsds","identifier":"ac148810-d857-441c-9679-408f346de14b"}]'`);
    expect(svc).toEqual({ needCategories: ['ANAK_JALANAN'], areaCodes: ['32.77'], documents: ['KTP'] });
  });
});
