import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { seedDemoNetwork } from '../../scripts/seed-demo';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { HsdsExportService } from '../../src/interop/hsds/hsds-export.service';
import { HSDS_TABLES } from '../../src/interop/hsds/hsds-tables';
import { TAXONOMIES, taxonomyTermId } from '../../src/interop/hsds/hsds-mapper';
import { startApp, TestApp, userWithToken } from '../support/harness';
import { hsdsErrors } from '../support/hsds-schemas';

/**
 * Publishing the directory as Open Referral HSDS 3.0: the export of the demo network (JSON and tabular) is valid
 * against the HSDS 3.0 schemas, confidential shelters leave without address or coordinates and referral
 * contacts never leave; the HSDS API pages and filters as the Open Referral API specification says, refuses a
 * bad parameter naming it, answers an unknown id with 404, and is public or token-protected by configuration.
 */
describe('HSDS publishing', () => {
  let t: TestApp;
  let token: string;
  let config: AppConfig;
  let services: { id: string; name: string; organization_id: string; need_categories: string[]; service_types: string[] }[];
  let contacts: string[];

  const get = async (path: string, auth: string | null = token) => {
    const res = await fetch(`${t.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
    const text = await res.text();
    return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : null, headers: res.headers };
  };

  beforeAll(async () => {
    t = await startApp();
    await seedDemoNetwork(t.app);
    config = t.app.get<AppConfig>(APP_CONFIG);
    token = (await userWithToken(t, 'CASE_MANAGER', { organizationId: (await t.db.query(`SELECT id FROM organization LIMIT 1`))[0].id })).token;
    services = await t.db.query(`SELECT s.id, s.name, s.organization_id, s.need_categories, s.service_types FROM service s JOIN organization o ON o.id = s.organization_id AND o.active ORDER BY s.name, s.id`);
    contacts = (await t.db.query(`SELECT referral_contact FROM organization WHERE referral_contact IS NOT NULL`))
      .flatMap((r: { referral_contact: Record<string, string | null> }) => [r.referral_contact.name, r.referral_contact.email, r.referral_contact.phone])
      .filter((x: string | null): x is string => !!x);
    expect(services.length).toBeGreaterThan(50);
    expect(contacts.length).toBeGreaterThan(10);
  }, 90_000);
  afterAll(async () => t?.close());

  it('exports every published service as HSDS 3.0 JSON that validates, without confidential addresses or referral contacts', async () => {
    const res = await get('/hsds/export.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const exported = res.body as Record<string, any>[];
    expect(exported.map((s) => s.id).sort()).toEqual(services.map((s) => s.id).sort());
    const errors = exported.flatMap((s) => hsdsErrors('service', s));
    expect(errors).toEqual([]);
    // Every part is there: organisation, locations with addresses and schedules, areas, terms.
    const withLocation = exported.filter((s) => s.service_at_locations?.length);
    expect(withLocation.length).toBeGreaterThan(40);
    expect(exported.every((s) => s.organization?.id === s.organization_id)).toBe(true);
    expect(exported.some((s) => s.service_at_locations?.some((sal: any) => sal.location.schedules?.length && sal.location.addresses?.length))).toBe(true);
    expect(exported.every((s) => s.service_areas?.length && s.attributes?.some((a: any) => a.taxonomy_term.taxonomy === 'PMKS'))).toBe(true);

    const confidential: { id: string; address_line: string; latitude: number }[] = await t.db.query(`SELECT id, address_line, latitude FROM location WHERE confidential`);
    expect(confidential.length).toBe(3);
    const published = exported.flatMap((s) => s.service_at_locations ?? []).map((sal: any) => sal.location).filter((l: any) => confidential.some((c) => c.id === l.id));
    expect(published.length).toBeGreaterThan(0);
    for (const l of published) {
      expect(l).not.toHaveProperty('addresses');
      expect(l).not.toHaveProperty('latitude');
      expect(l).not.toHaveProperty('longitude');
      expect(l).not.toHaveProperty('description');
    }
    for (const c of confidential) if (c.address_line) expect(res.text).not.toContain(c.address_line);
    for (const c of contacts) expect(res.text).not.toContain(c);
  });

  it('exports the tabular form: one CSV per table and a datapackage.json, every row valid against its table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hsds-test-'));
    try {
      const counts = await t.app.get(HsdsExportService).writeTabular(dir);
      const files = (await readdir(dir)).sort();
      expect(files).toEqual([...HSDS_TABLES.map((x) => x.path), 'datapackage.json'].sort());
      const pkg = JSON.parse(await readFile(join(dir, 'datapackage.json'), 'utf8'));
      expect(pkg.resources.map((r: { path: string }) => r.path).sort()).toEqual(HSDS_TABLES.map((x) => x.path).sort());
      expect(counts['services.csv']).toBe(services.length);
      const [{ orgs }] = await t.db.query(`SELECT count(*)::int AS orgs FROM organization WHERE active`);
      expect(counts['organizations.csv']).toBe(orgs);
      const problems: string[] = [];
      for (const table of HSDS_TABLES) {
        const text = await readFile(join(dir, table.path), 'utf8');
        const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
        expect(parsed.meta.fields).toEqual(table.fields.map((f) => f.name));
        for (const row of parsed.data) {
          // CSV cells are text: an empty one is an absent value (or an empty required one), a number column holds a number.
          const record: Record<string, unknown> = {};
          for (const f of table.fields) if (row[f.name] !== '' || table.required.includes(f.name)) record[f.name] = f.type === 'number' ? Number(row[f.name]) : row[f.name];
          problems.push(...hsdsErrors(table.name, record));
        }
        if (table.name === 'location') {
          const confidential: { id: string }[] = await t.db.query(`SELECT id FROM location WHERE confidential`);
          for (const c of confidential) {
            const row = parsed.data.find((r) => r.id === c.id)!;
            expect(row).toBeDefined();
            expect([row.latitude, row.longitude, row.description]).toEqual(['', '', '']);
          }
        }
      }
      expect(problems).toEqual([]);
      const addresses = await readFile(join(dir, 'addresses.csv'), 'utf8');
      const confidentialIds: { id: string }[] = await t.db.query(`SELECT id FROM location WHERE confidential`);
      for (const c of confidentialIds) expect(addresses).not.toContain(c.id);
      const all = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
      for (const c of contacts) expect(all).not.toContain(c);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the tabular export as a zip', async () => {
    const res = await fetch(`${t.url}/hsds/export.zip`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304'); // a zip's local file header
    expect(bytes.includes(Buffer.from('datapackage.json'))).toBe(true);
    expect(bytes.includes(Buffer.from('services.csv'))).toBe(true);
  });

  it('pages services with the HSDS page object', async () => {
    const first = await get('/hsds/services?per_page=10');
    expect(first.status).toBe(200);
    const totalPages = Math.ceil(services.length / 10);
    expect(first.body).toMatchObject({ total_items: services.length, total_pages: totalPages, page_number: 1, size: 10, first_page: true, last_page: false, empty: false });
    expect(first.body.contents.map((s: { id: string }) => s.id)).toEqual(services.slice(0, 10).map((s) => s.id));
    const last = await get(`/hsds/services?per_page=10&page=${totalPages}`);
    expect(last.body).toMatchObject({ page_number: totalPages, size: services.length - 10 * (totalPages - 1), first_page: false, last_page: true, empty: false });
    const past = await get(`/hsds/services?per_page=10&page=${totalPages + 1}`);
    expect(past.body).toMatchObject({ total_items: services.length, size: 0, empty: true, last_page: true, contents: [] });
    for (const s of [...first.body.contents, ...last.body.contents]) expect(hsdsErrors('service', s)).toEqual([]);
    expect(first.body.contents[0]).not.toHaveProperty('organization');
    const full = await get('/hsds/services?per_page=5&full=true');
    expect(full.body.contents.every((s: any) => s.organization && hsdsErrors('service', s).length === 0)).toBe(true);
    const minimal = await get('/hsds/services?per_page=100&minimal=true');
    expect(Object.keys(minimal.body.contents[0]).sort()).toEqual(['id', 'last_modified']);
  });

  it('filters services by organisation, taxonomy term (id or code), taxonomy, search and modification time', async () => {
    const orgId = services[0].organization_id;
    const byOrg = await get(`/hsds/services?organization_id=${orgId}&per_page=100`);
    expect(byOrg.body.contents.map((s: { id: string }) => s.id).sort()).toEqual(services.filter((s) => s.organization_id === orgId).map((s) => s.id).sort());

    const category = 'ANAK_KORBAN_KEKERASAN';
    const expected = services.filter((s) => s.need_categories.includes(category)).map((s) => s.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    const byCode = await get(`/hsds/services?taxonomy_term_id=${category}&per_page=100`);
    const byTermId = await get(`/hsds/services?taxonomy_term_id=${taxonomyTermId('pmks', category)}&per_page=100`);
    expect(byCode.body.contents.map((s: { id: string }) => s.id).sort()).toEqual(expected);
    expect(byTermId.body.total_items).toBe(expected.length);
    const byType = await get('/hsds/services?taxonomy_term_id=BANTUAN_HUKUM&per_page=100');
    expect(byType.body.total_items).toBe(services.filter((s) => s.service_types.includes('BANTUAN_HUKUM')).length);
    const byTaxonomy = await get(`/hsds/services?taxonomy_id=${TAXONOMIES.pmks.id}&per_page=1`);
    expect(byTaxonomy.body.total_items).toBe(services.filter((s) => s.need_categories.length).length);

    const word = services[3].name.split(' ')[0];
    const search = await get(`/hsds/services?search=${encodeURIComponent(word)}&per_page=100`);
    expect(search.body.total_items).toBeGreaterThan(0);
    expect(search.body.contents.map((s: { id: string }) => s.id)).toContain(services[3].id);

    const future = await get('/hsds/services?modified_after=2999-01-01T00:00:00Z');
    expect(future.body).toMatchObject({ total_items: 0, empty: true });
    await t.db.query(`UPDATE service SET updated_at = now() + interval '1 day' WHERE id = $1`, [services[5].id]);
    const tomorrow = new Date(Date.now() + 12 * 3600_000).toISOString();
    const changed = await get(`/hsds/services?modified_after=${tomorrow}`);
    expect(changed.body.contents.map((s: { id: string }) => s.id)).toEqual([services[5].id]);
  });

  it('refuses a bad parameter with 400 naming it and the rule', async () => {
    const cases: [string, string][] = [
      ['/hsds/services?per_page=1000', 'per_page'],
      ['/hsds/services?page=0', 'page'],
      ['/hsds/services?page=abc', 'page'],
      ['/hsds/services?organization_id=not-a-uuid', 'organization_id'],
      ['/hsds/services?taxonomy_term_id=NO_SUCH_TERM', 'taxonomy_term_id'],
      ['/hsds/services?taxonomy_id=6f1d1a52-2f0e-5b8a-9c3e-72756a756b00', 'taxonomy_id'],
      ['/hsds/services?modified_after=2023-02-30', 'modified_after'],
      ['/hsds/services?full=yes', 'full'],
      ['/hsds/services?page=1&page=2', 'page'],
      ['/hsds/services?colour=red', 'colour'],
      ['/hsds/services?format=xml', 'format'],
      ['/hsds/services/not-a-uuid', 'id'],
      ['/hsds/organizations?full_service=1', 'full_service'],
    ];
    for (const [path, field] of cases) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ path, status: 400, code: 'BAD_USER_INPUT', field });
      expect(res.body.message).toContain(field);
    }
  });

  it('answers an unknown service or organisation with 404', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/hsds/services/${missing}`)).status).toBe(404);
    expect((await get(`/hsds/organizations/${missing}`)).status).toBe(404);
  });

  it('gives one service fully nested, and organisations with their locations and services', async () => {
    const one = await get(`/hsds/services/${services[0].id}`);
    expect(one.status).toBe(200);
    expect(hsdsErrors('service', one.body)).toEqual([]);
    expect(one.body.organization.id).toBe(services[0].organization_id);

    const orgs = await get('/hsds/organizations?per_page=5');
    expect(orgs.body).toMatchObject({ page_number: 1, size: 5, first_page: true });
    for (const o of orgs.body.contents) expect(hsdsErrors('organization', o)).toEqual([]);
    const org = await get(`/hsds/organizations/${services[0].organization_id}`);
    expect(hsdsErrors('organization', org.body)).toEqual([]);
    expect(org.body.services.map((s: { id: string }) => s.id)).toContain(services[0].id);
    expect(org.body).not.toHaveProperty('contacts');
    const fullService = await get(`/hsds/organizations/${services[0].organization_id}?full_service=true`);
    expect(fullService.body.services.every((s: any) => hsdsErrors('service', s).length === 0 && s.status)).toBe(true);

    // A shelter's confidential location leaves without its address through the API as well.
    const [shelter] = await t.db.query(`SELECT organization_id, id FROM location WHERE confidential LIMIT 1`);
    const shelterOrg = await get(`/hsds/organizations/${shelter.organization_id}`);
    const loc = shelterOrg.body.locations.find((l: { id: string }) => l.id === shelter.id);
    expect(loc).toBeDefined();
    expect(loc.addresses).toBeUndefined();
    expect(loc.latitude).toBeUndefined();
  });

  it('needs a token unless HSDS_API_PUBLIC is on', async () => {
    expect((await get('/hsds/services', null)).status).toBe(401);
    expect((await get('/hsds/services', 'not-a-token')).status).toBe(401);
    config.publish.hsdsApiPublic = true;
    try {
      const open = await get('/hsds/services?per_page=1', null);
      expect(open.status).toBe(200);
      expect(open.body.total_items).toBe(services.length);
      expect((await get('/hsds', null)).body).toEqual({ version: '3.0', profile: 'https://rujuk.id/hsds/profile' });
    } finally {
      config.publish.hsdsApiPublic = false;
    }
  });
});
