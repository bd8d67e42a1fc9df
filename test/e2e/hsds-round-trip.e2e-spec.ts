import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { seedDemoNetwork } from '../../scripts/seed-demo';
import type { Viewer } from '../../src/common/viewer';
import { HsdsExportService } from '../../src/interop/hsds/hsds-export.service';
import { DirectoryImportsService } from '../../src/interop/import/directory-imports.service';
import { resetData, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * The round trip: the demo network exported as HSDS 3.0 (JSON, and the tabular form) and imported into an empty
 * database gives the same directory, compared by natural keys (ids are new) on what HSDS carries: organisations
 * (name, description, e-mail, website), services (name, description, status, need categories, service types,
 * ages, languages, areas, documents, cost), locations (name, address, postal code, region, coordinates) and
 * opening hours; the organisation's partner kind and a location's confidential flag, both as attributes with a
 * term of Rujuk's taxonomies. A confidential location comes back confidential, without address and coordinates
 * (they never leave: the exported file holds none of them). Not carried by HSDS or not read by the import: the
 * service's sex restriction, capacity, acceptance deadlines, verification, referral contacts.
 */
describe('HSDS round trip', () => {
  let t: TestApp;
  let dir: string;

  type Snapshot = Record<string, unknown>[];

  async function snapshot(): Promise<{ organizations: Snapshot; services: Snapshot; locations: Snapshot }> {
    const organizations = await t.db.query(
      `SELECT name, partner_kind AS "partnerKind", description, email, website, (SELECT array_agg(p->>'number' ORDER BY p->>'number') FROM jsonb_array_elements(phones) p) AS phones
         FROM organization WHERE active ORDER BY name`,
    );
    const services = await t.db.query(
      `SELECT o.name AS organization, s.name, s.description, s.status, s.need_categories AS "needCategories", s.service_types AS "serviceTypes",
              s.minimum_age AS "minimumAge", s.maximum_age AS "maximumAge", s.languages, s.area_codes AS "areaCodes",
              -- The import splits a document name at '/' ("BPJS/KIS" comes back as BPJS and KIS): compared as the parts.
              (SELECT array_agg(btrim(part) ORDER BY btrim(part)) FROM unnest(s.required_documents) d, regexp_split_to_table(d, '/') part) AS "requiredDocuments",
              s.cost_description AS "costDescription",
              (SELECT array_agg(l.name ORDER BY l.name) FROM service_at_location sl JOIN location l ON l.id = sl.location_id WHERE sl.service_id = s.id) AS locations
         FROM service s JOIN organization o ON o.id = s.organization_id AND o.active ORDER BY o.name, s.name`,
    );
    const locations = await t.db.query(
      `SELECT o.name AS organization, l.name, l.confidential,
              CASE WHEN l.confidential THEN NULL ELSE l.address_line END AS "addressLine",
              CASE WHEN l.confidential THEN NULL ELSE l.postal_code END AS "postalCode",
              CASE WHEN l.confidential THEN left(l.region_code, 5) ELSE l.region_code END AS "regionCode",
              CASE WHEN l.confidential THEN NULL ELSE round(l.latitude::numeric, 6) END AS latitude,
              CASE WHEN l.confidential THEN NULL ELSE round(l.longitude::numeric, 6) END AS longitude,
              (SELECT array_agg(sc.weekday || ' ' || sc.opens_at || '-' || sc.closes_at ORDER BY sc.weekday, sc.opens_at) FROM schedule sc WHERE sc.location_id = l.id) AS schedules
         FROM location l JOIN organization o ON o.id = l.organization_id AND o.active
        WHERE EXISTS (SELECT 1 FROM service_at_location sl WHERE sl.location_id = l.id)
        ORDER BY o.name, l.name`,
    );
    return { organizations, services, locations };
  }

  async function importFile(path: string, format: 'hsds-json' | 'hsds-csv'): Promise<Record<string, unknown>> {
    const admin = await userWithToken(t, 'ADMIN');
    const viewer: Viewer = { id: admin.id, email: admin.email, role: 'ADMIN', organizationId: null, regionScope: null };
    const imports = t.app.get(DirectoryImportsService);
    const s = await stat(path);
    const row = await imports.request(viewer, { path, name: path, bytes: s.isDirectory() ? 0 : s.size }, format, false, false);
    const done = await imports.execute(row.id);
    return done as unknown as Record<string, unknown>;
  }

  beforeAll(async () => {
    t = await startApp();
    dir = await mkdtemp(join(tmpdir(), 'hsds-round-trip-'));
  }, 30_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t?.close();
  });

  for (const format of ['hsds-json', 'hsds-csv'] as const) {
    it(`exports the demo network as ${format} and imports it into an empty database: the same directory`, async () => {
      await resetData();
      await seedDemoNetwork(t.app);
      // The demo's invented numbers (0800-0000-xxxx) are no dialable numbers, which an import rightly refuses:
      // give them real-looking Bandung numbers, in the E.164 form imports store.
      await t.db.query(`UPDATE organization SET phones = (SELECT coalesce(jsonb_agg(jsonb_set(p, '{number}', to_jsonb('+6222600' || right(p->>'number', 4)))), '[]'::jsonb) FROM jsonb_array_elements(phones) p)`);
      const before = await snapshot();
      const shelters: { name: string; address_line: string; postal_code: string | null; latitude: number; longitude: number }[] = await t.db.query(
        `SELECT name, address_line, postal_code, latitude, longitude FROM location WHERE confidential ORDER BY name`);
      const shelterNames = shelters.map((r) => r.name);
      expect(shelterNames).toHaveLength(3);
      expect(new Set(before.organizations.map((o) => o.partnerKind)).size).toBeGreaterThan(3);
      const exporter = t.app.get(HsdsExportService);
      const path = join(dir, format === 'hsds-json' ? 'directory.json' : 'tabular');
      if (format === 'hsds-json') {
        const file = createWriteStream(path, { encoding: 'utf8' });
        await exporter.writeJson(async (text) => {
          if (!file.write(text)) await new Promise<void>((resolve) => file.once('drain', resolve));
        });
        await new Promise<void>((resolve) => file.end(resolve));
      } else {
        await exporter.writeTabular(path);
      }

      // What never leaves: no shelter's address anywhere in the exported files, and no exported location at a
      // shelter's coordinates; the shelters are there, by name, flagged confidential.
      const exported = format === 'hsds-json' ? await readFile(path, 'utf8')
        : (await Promise.all((await readdir(path)).map((f) => readFile(join(path, f), 'utf8')))).join('\n');
      const exportedLocations: { name: string; latitude?: unknown; longitude?: unknown }[] = format === 'hsds-json'
        ? JSON.parse(exported).flatMap((svc: { service_at_locations: { location: object }[] }) => svc.service_at_locations.map((sal) => sal.location))
        : Papa.parse<{ name: string; latitude: string; longitude: string }>(await readFile(join(path, 'locations.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
      for (const shelter of shelters) {
        expect(exportedLocations.map((l) => l.name)).toContain(shelter.name);
        expect(exported).not.toContain(shelter.address_line);
        expect(exportedLocations.filter((l) => Number(l.latitude) === shelter.latitude && Number(l.longitude) === shelter.longitude)).toEqual([]);
        for (const l of exportedLocations.filter((x) => x.name === shelter.name)) expect([l.latitude ?? '', l.longitude ?? '']).toEqual(['', '']);
      }
      expect(exported).toContain('Rujuk location flags');

      await resetData();
      expect((await t.db.query(`SELECT count(*)::int AS n FROM service`))[0].n).toBe(0);
      const report = await importFile(path, format);
      const issues = await t.db.query(`SELECT line, field, rule, value FROM directory_import_issue WHERE import_id = $1 ORDER BY line LIMIT 10`, [report.id]);
      expect(issues).toEqual([]);
      expect(report).toMatchObject({ status: 'SUCCEEDED', rejected: 0 });
      const after = await snapshot();
      expect(after.organizations).toEqual(before.organizations);
      expect(after.services).toEqual(before.services);
      expect(after.locations).toEqual(before.locations);
      // The shelters come back confidential, without the address and coordinates that never left.
      const back = await t.db.query(`SELECT name, confidential, address_line, latitude, longitude FROM location WHERE name = ANY($1) ORDER BY name`, [shelterNames]);
      expect(back).toEqual(shelterNames.map((name) => ({ name, confidential: true, address_line: null, latitude: null, longitude: null })));

      // A second import of the same file changes nothing.
      const again = await importFile(path, format);
      expect(again).toMatchObject({ status: 'SUCCEEDED', rejected: 0, created: 0, updated: 0 });
      expect(await snapshot()).toEqual(after);
    }, 120_000);
  }
});
