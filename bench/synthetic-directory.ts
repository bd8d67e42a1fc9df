/**
 * Generates a synthetic provider directory in bulk SQL (INSERT ... SELECT over generate_series/unnest), so that
 * 100,000 services take seconds, not an hour of GraphQL mutations.
 *
 * - Organisations across all 514 regencies, weighted (see geography.ts), of every partner kind in realistic shares,
 *   with Indonesian names built from the kind, the regency, its districts and villages.
 * - 1-2 locations each near the regency centre, in the province's time zone; some shelters confidential;
 *   weekly schedules (office hours, Saturday half days, 24/7 for hospitals, police and shelters).
 * - About 2.5 services per organisation from templates that fit the partner kind: 1-3 need categories and 1-3
 *   service types from the template, an area at regency (55%), regency + neighbour (10%), 1-3 districts (20%) or
 *   province (15%) level, template ages and sex, languages (Indonesian, sometimes the regional language or English),
 *   capacity for services that track places, statuses mostly ACTIVE.
 * - coverage_keys is the area x category cross product, in the order ServiceEntity's coverageKeys() builds it;
 *   search_names / search_vector are left to the service_search_refresh trigger, as in production.
 * - Referral history for 60% of the services (service_referral_stats, as answers and acceptances write it):
 *   0-60 referrals answered, 30-100% of them accepted, a median of 0.5 h to 3 days to accept, so that matching
 *   ranks and explains by acceptance as it does once a network has run a while.
 * All staging tables are named bench_* and live only in the bench database.
 */
import type { Client } from 'pg';
import { loadRegencies } from './geography';
import { EXTRA_SENTENCES, NAME_WORDS, PARTNER_KIND_SHARES, REQUIRED_DOCUMENTS, SERVICE_TEMPLATES, STREET_WORDS } from './service-templates';

/** Bump when the generated data changes shape, so an existing bench database is regenerated. */
export const GENERATOR_VERSION = 4;

const DIRECTORY_TABLES = ['service', 'location', 'service_at_location', 'schedule'];

export interface GenerationReport {
  organizations: number;
  services: number;
  locations: number;
  seconds: { staging: number; organizations: number; locations: number; services: number; links: number; indexes: number; analyze: number; total: number };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function existingSize(pg: Client): Promise<{ services: number; version: number } | null> {
  const { rows } = await pg.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS present`);
  if (!rows[0].present) return null;
  const meta = await pg.query(`SELECT services, version FROM bench_meta LIMIT 1`);
  return meta.rows[0] ? { services: Number(meta.rows[0].services), version: Number(meta.rows[0].version) } : null;
}

async function stage(pg: Client): Promise<void> {
  await pg.query(`DROP TABLE IF EXISTS bench_meta, bench_regency, bench_template, bench_kind_template, bench_org, bench_schedule`);
  const regencies = loadRegencies();
  await pg.query(`
    CREATE TABLE bench_regency (
      idx int PRIMARY KEY, code text NOT NULL, province_code text NOT NULL, name text NOT NULL, short_name text NOT NULL,
      weight float8 NOT NULL, cum_lo float8, latitude float8 NOT NULL, longitude float8 NOT NULL, spread float8 NOT NULL,
      time_zone text NOT NULL, language text, district_codes text[], district_names text[], village_codes text[],
      village_names text[], neighbours text[])`);
  await pg.query(
    `INSERT INTO bench_regency (idx, code, province_code, name, short_name, weight, latitude, longitude, spread, time_zone, language)
     SELECT row_number() OVER (ORDER BY code), code, prov, name, regexp_replace(name, '^Kabupaten ', ''), w, lat, lon, spread, tz, lang
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::text[])
            AS x(code, prov, name, w, lat, lon, spread, tz, lang)`,
    [
      regencies.map((r) => r.code), regencies.map((r) => r.provinceCode), regencies.map((r) => r.name),
      regencies.map((r) => r.weight), regencies.map((r) => r.latitude), regencies.map((r) => r.longitude),
      regencies.map((r) => r.spread), regencies.map((r) => r.timeZone), regencies.map((r) => r.language),
    ],
  );
  await pg.query(`
    UPDATE bench_regency b SET cum_lo = c.lo
      FROM (SELECT idx, (sum(weight) OVER (ORDER BY idx) - weight) / sum(weight) OVER () AS lo FROM bench_regency) c
     WHERE c.idx = b.idx`);
  await pg.query(`
    UPDATE bench_regency b SET district_codes = d.codes, district_names = d.names
      FROM (SELECT parent_code, array_agg(code::text ORDER BY code) AS codes, array_agg(name ORDER BY code) AS names
              FROM region WHERE level = 'DISTRICT' GROUP BY parent_code) d
     WHERE d.parent_code = b.code`);
  await pg.query(`
    UPDATE bench_regency b SET village_codes = v.codes, village_names = v.names
      FROM (SELECT left(code, 5) AS regency, array_agg(code::text ORDER BY code) AS codes, array_agg(name ORDER BY code) AS names
              FROM region WHERE level = 'VILLAGE' GROUP BY left(code, 5)) v
     WHERE v.regency = b.code`);
  await pg.query(`
    UPDATE bench_regency b SET neighbours = n.codes
      FROM (SELECT a.idx, array_agg(o.code ORDER BY o.code) AS codes FROM bench_regency a
              JOIN bench_regency o ON o.province_code = a.province_code AND o.code <> a.code GROUP BY a.idx) n
     WHERE n.idx = b.idx`);
  // A regency without village rows in the data still gets one place to stand: its own code.
  await pg.query(`UPDATE bench_regency SET village_codes = ARRAY[code], village_names = ARRAY[name] WHERE village_codes IS NULL`);
  await pg.query(`UPDATE bench_regency SET district_codes = ARRAY[code], district_names = ARRAY[name] WHERE district_codes IS NULL`);

  await pg.query(`
    CREATE TABLE bench_template (
      id int PRIMARY KEY, name text, kinds text[], cats text[], types text[], description text, min_age int, max_age int,
      sex char(1), unit text, confidential boolean, always_free boolean, open24h boolean)`);
  await pg.query(
    `INSERT INTO bench_template
     SELECT t.id, t.name, t.kinds, t.cats, t.types, t.description, t."minAge", t."maxAge", t.sex, t.unit,
            coalesce(t.confidential, false), coalesce(t."alwaysFree", false), coalesce(t."open24h", false)
       FROM jsonb_to_recordset($1::jsonb) AS t(id int, name text, kinds text[], cats text[], types text[],
            description text, "minAge" int, "maxAge" int, sex char(1), unit text, confidential boolean, "alwaysFree" boolean, "open24h" boolean)`,
    [JSON.stringify(SERVICE_TEMPLATES.map((t, i) => ({ ...t, id: i + 1, kinds: `{${t.kinds.join(',')}}`, cats: `{${t.cats.join(',')}}`, types: `{${t.types.join(',')}}` })))],
  );
  await pg.query(`
    CREATE TABLE bench_kind_template AS
    SELECT k AS kind, array_agg(id ORDER BY id) AS template_ids FROM bench_template, unnest(kinds) AS k GROUP BY k`);

  // Weekly patterns: 1 office hours, 2 Mon-Sat mornings, 3 24/7, 4 Mon-Thu + short Friday.
  await pg.query(`CREATE TABLE bench_schedule (pattern int, weekday int, opens_at time, closes_at time)`);
  await pg.query(`
    INSERT INTO bench_schedule
    SELECT 1, d, '08:00'::time, '16:00'::time FROM generate_series(1, 5) d
    UNION ALL SELECT 2, d, '08:00', '14:00' FROM generate_series(1, 6) d
    UNION ALL SELECT 3, d, '00:00', '24:00' FROM generate_series(1, 7) d
    UNION ALL SELECT 4, d, '09:00', '15:00' FROM generate_series(1, 4) d
    UNION ALL SELECT 4, 5, '09:00', '11:30'`);
}

async function organizations(pg: Client, count: number): Promise<void> {
  let cum = 0;
  const kindThresholds: number[] = [];
  for (const [, share] of PARTNER_KIND_SHARES) {
    kindThresholds.push(cum);
    cum += share;
  }
  await pg.query(
    `CREATE TABLE bench_org AS
     WITH d AS MATERIALIZED (
       SELECT g AS n, random() AS rr, random() AS rk, random() AS r1, random() AS r2, random() AS r3, random() AS rv, random() AS rl
         FROM generate_series(1, $1::int) g)
     SELECT n, gen_random_uuid() AS id,
            width_bucket(rr, (SELECT array_agg(cum_lo ORDER BY idx) FROM bench_regency)) AS ri,
            ($2::text[])[width_bucket(rk * $4::float8, $3::float8[])] AS kind, r1, r2, r3, rv, rl
       FROM d`,
    [count, PARTNER_KIND_SHARES.map(([k]) => k), kindThresholds, cum],
  );
  await pg.query(`ALTER TABLE bench_org ADD PRIMARY KEY (n)`);
  await pg.query(`ALTER TABLE bench_org ADD COLUMN village_code text, ADD COLUMN village_name text, ADD COLUMN district_name text`);
  await pg.query(`ALTER TABLE bench_org ADD COLUMN vi int`);
  await pg.query(`UPDATE bench_org o SET vi = 1 + floor(o.rv * cardinality(r.village_codes))::int FROM bench_regency r WHERE r.idx = o.ri`);
  await pg.query(`
    UPDATE bench_org o SET village_code = r.village_codes[o.vi], village_name = r.village_names[o.vi],
           district_name = r.district_names[coalesce(array_position(r.district_codes, left(r.village_codes[o.vi], 8)), 1)]
      FROM bench_regency r
     WHERE r.idx = o.ri`);
  await pg.query(
    `INSERT INTO organization (id, name, partner_kind, description, email, phones, legal_status, region_code, active)
     SELECT o.id,
            CASE o.kind
              WHEN 'DINAS_SOSIAL' THEN 'Dinas Sosial ' || r.name
              WHEN 'LK3' THEN 'LK3 ' || w.w1 || ' ' || r.short_name
              WHEN 'RUMAH_SAKIT' THEN (ARRAY['RSUD', 'RS Bhayangkara', 'RS Islam', 'RS Umum', 'RSIA'])[1 + floor(o.r3 * 5)::int] || ' ' || o.district_name
              WHEN 'PUSKESMAS' THEN 'Puskesmas ' || o.district_name
              WHEN 'KEPOLISIAN' THEN 'Unit PPA Polres ' || r.short_name
              WHEN 'LBH' THEN 'LBH ' || w.w1 || ' ' || r.short_name
              WHEN 'PANTI_SOSIAL' THEN 'Panti Sosial ' || (ARRAY['Asuhan Anak', 'Tresna Werdha', 'Bina Netra', 'Bina Laras', 'Bina Remaja'])[1 + floor(o.r3 * 5)::int] || ' ' || w.w1
              WHEN 'LSM' THEN 'Yayasan ' || w.w1 || ' ' || w.w2
              WHEN 'SEKOLAH' THEN (ARRAY['SD Negeri', 'SMP Negeri', 'SLB Negeri', 'SMA Negeri', 'MI Negeri'])[1 + floor(o.r3 * 5)::int] || ' ' || (1 + floor(o.r2 * 12)::int) || ' ' || o.district_name
              WHEN 'PEMERINTAH_DESA' THEN 'Pemerintah Desa ' || o.village_name
              ELSE (ARRAY['Forum', 'Koperasi', 'Paguyuban', 'Komunitas'])[1 + floor(o.r3 * 4)::int] || ' ' || w.w1 || ' ' || r.short_name
            END,
            o.kind,
            CASE WHEN o.r2 < 0.6 THEN 'Mitra layanan kesejahteraan sosial di ' || r.name END,
            'layanan' || o.n || '@contoh.or.id',
            jsonb_build_array(jsonb_build_object('number', '08' || (1100000000 + floor(o.r1 * 899999999)::bigint)::text, 'type', 'mobile')),
            CASE WHEN o.kind IN ('LSM', 'LBH', 'LK3', 'PANTI_SOSIAL') THEN 'Yayasan' WHEN o.kind = 'LAINNYA' THEN 'Perkumpulan' ELSE 'Instansi pemerintah' END,
            CASE WHEN o.kind IN ('DINAS_SOSIAL', 'KEPOLISIAN', 'LK3', 'LBH') THEN r.code
                 WHEN o.kind = 'PEMERINTAH_DESA' THEN o.village_code
                 ELSE left(o.village_code, 8) END,
            o.rl > 0.02
       FROM bench_org o JOIN bench_regency r ON r.idx = o.ri
       CROSS JOIN LATERAL (SELECT ($1::text[])[1 + floor(o.r1 * $2::int)::int] AS w1, ($1::text[])[1 + floor(o.r2 * $2::int)::int] AS w2) w`,
    [NAME_WORDS, NAME_WORDS.length],
  );
}

async function locations(pg: Client): Promise<void> {
  await pg.query(
    `INSERT INTO location (organization_id, name, address_line, region_code, latitude, longitude, time_zone, confidential, accessibility)
     SELECT o.id,
            CASE WHEN k = 1 AND conf THEN 'Rumah Aman' WHEN k = 1 THEN 'Kantor Utama' ELSE 'Pos Layanan ' || o.district_name END,
            'Jl. ' || ($1::text[])[1 + floor(random() * $2::int)::int] || ' No. ' || (1 + floor(random() * 200)::int) || ', ' || o.village_name,
            CASE WHEN k = 1 THEN o.village_code ELSE r.village_codes[1 + floor(random() * cardinality(r.village_codes))::int] END,
            round((r.latitude + (random() + random() - 1) * r.spread)::numeric, 6)::float8,
            round((r.longitude + (random() + random() - 1) * r.spread)::numeric, 6)::float8,
            r.time_zone, conf,
            CASE WHEN random() < 0.3 THEN 'Akses kursi roda dan toilet difabel' END
       FROM bench_org o JOIN bench_regency r ON r.idx = o.ri
       CROSS JOIN LATERAL generate_series(1, CASE WHEN o.rl < 0.15 THEN 2 ELSE 1 END) k
       CROSS JOIN LATERAL (SELECT k = 1 AND o.kind IN ('LSM', 'PANTI_SOSIAL') AND o.r3 < 0.08 AS conf) c`,
    [STREET_WORDS, STREET_WORDS.length],
  );
  await pg.query(`
    INSERT INTO schedule (location_id, weekday, opens_at, closes_at)
    SELECT l.id, p.weekday, p.opens_at, p.closes_at
      FROM location l JOIN organization o ON o.id = l.organization_id
      CROSS JOIN LATERAL (SELECT abs(hashtext(l.id::text)) % 100 AS h) hh
      JOIN bench_schedule p ON p.pattern = CASE
            WHEN l.confidential OR (o.partner_kind IN ('RUMAH_SAKIT', 'KEPOLISIAN') AND hh.h < 70) OR hh.h < 8 THEN 3
            WHEN hh.h < 65 THEN 1 WHEN hh.h < 85 THEN 2 ELSE 4 END`);
}

async function services(pg: Client, count: number, orgCount: number): Promise<void> {
  await pg.query(
    `INSERT INTO service (organization_id, name, description, need_categories, service_types, minimum_age, maximum_age, sex,
                          required_documents, free, cost_description, languages, area_codes, coverage_keys, status,
                          accepts_referrals, capacity_available, capacity_maximum, capacity_unit, capacity_updated_at, verified_at)
     WITH s0 AS MATERIALIZED (
       SELECT g, 1 + floor(random() * $1::int)::int AS org_n, random() AS rt, random() AS ra, random() AS rb, random() AS rc,
              random() AS rd, random() AS re, random() AS rf, random() AS rg, random() AS rh, random() AS rj, random() AS rk,
              random() AS rl, random() AS rm, random() AS rn, random() AS rp
         FROM generate_series(1, $2::int) g),
     s1 AS MATERIALIZED (
       SELECT s0.*, o.id AS org_id, o.kind, r.code AS regency_code, r.province_code, r.name AS regency_name, r.short_name,
              r.district_codes, r.neighbours, r.language, t.name AS t_name, t.cats, t.types, t.description AS t_description,
              t.min_age, t.max_age, t.sex, t.unit, t.always_free
         FROM s0 JOIN bench_org o ON o.n = s0.org_n
         JOIN bench_kind_template kt ON kt.kind = o.kind
         JOIN bench_template t ON t.id = kt.template_ids[1 + floor(s0.rt * cardinality(kt.template_ids))::int]
         JOIN bench_regency r ON r.idx = o.ri),
     s2 AS MATERIALIZED (
       SELECT s1.*,
              ARRAY(SELECT c FROM unnest(s1.cats) c ORDER BY random() LIMIT 1 + floor(s1.ra * 3)::int) AS need_categories,
              ARRAY(SELECT x FROM unnest(s1.types) x ORDER BY random() LIMIT 1 + floor(s1.rb * 3)::int) AS service_types,
              CASE WHEN s1.kind IN ('DINAS_SOSIAL', 'KEPOLISIAN') OR s1.rc < 0.55 THEN ARRAY[s1.regency_code]
                   WHEN s1.rc < 0.65 THEN ARRAY[s1.regency_code] || coalesce(s1.neighbours[1 + floor(s1.rd * cardinality(s1.neighbours))::int], s1.regency_code)
                   WHEN s1.rc < 0.85 THEN ARRAY(SELECT d FROM unnest(s1.district_codes) d ORDER BY random() LIMIT 1 + floor(s1.rd * 3)::int)
                   ELSE ARRAY[s1.province_code] END AS raw_areas,
              s1.always_free OR s1.rf < 0.75 AS is_free,
              CASE WHEN (s1.unit IS NOT NULL AND s1.rm < 0.7) OR s1.rm < 0.1 THEN 5 + floor(s1.rn * 45)::int END AS cap_max
         FROM s1),
     s3 AS MATERIALIZED (
       SELECT s2.*, ARRAY(SELECT DISTINCT a FROM unnest(s2.raw_areas) a ORDER BY a) AS area_codes FROM s2)
     SELECT org_id,
            t_name || CASE WHEN rh < 0.4 THEN '' WHEN rh < 0.7 THEN ' ' || short_name ELSE ' ' || ($3::text[])[1 + floor(rg * $4::int)::int] END,
            t_description || ' di ' || regency_name || '. ' || ($5::text[])[1 + floor(re * $6::int)::int],
            need_categories, service_types, min_age, max_age, sex,
            ARRAY(SELECT d FROM unnest($7::text[]) d ORDER BY random() LIMIT floor(rp * 3)::int),
            is_free, CASE WHEN NOT is_free THEN 'Tarif sesuai peraturan daerah; gratis dengan BPJS atau SKTM' END,
            ARRAY['id'] || CASE WHEN language IS NOT NULL AND rj < 0.3 THEN ARRAY[language] ELSE '{}' END
                        || CASE WHEN rj > 0.96 THEN ARRAY['en'] ELSE '{}' END,
            area_codes,
            ARRAY(SELECT a.a || '|' || c.c FROM unnest(area_codes) WITH ORDINALITY AS a(a, i)
                    CROSS JOIN unnest(need_categories) WITH ORDINALITY AS c(c, j) ORDER BY a.i, c.j),
            CASE WHEN rk < 0.93 THEN 'ACTIVE' WHEN rk < 0.96 THEN 'INACTIVE' WHEN rk < 0.99 THEN 'TEMPORARILY_CLOSED' ELSE 'DEFUNCT' END,
            rl < 0.9,
            CASE WHEN cap_max IS NOT NULL THEN CASE WHEN rp < 0.2 THEN 0 ELSE floor(rn * rp * (cap_max + 1))::int END END,
            cap_max,
            CASE WHEN cap_max IS NOT NULL THEN coalesce(unit, 'klien per minggu') END,
            CASE WHEN cap_max IS NOT NULL THEN now() - rn * interval '30 days' END,
            now() - rd * interval '400 days'
       FROM s3
      ORDER BY g`,
    [orgCount, count, NAME_WORDS, NAME_WORDS.length, EXTRA_SENTENCES, EXTRA_SENTENCES.length, REQUIRED_DOCUMENTS],
  );
}

/** Secondary indexes of the directory tables (not those behind constraints), so a bulk load can rebuild them. */
async function secondaryIndexes(pg: Client): Promise<{ name: string; def: string }[]> {
  const { rows } = await pg.query(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [DIRECTORY_TABLES],
  );
  return rows;
}

/** Replaces the directory in the bench database with `count` synthetic services. */
export async function generateDirectory(pg: Client, count: number, log: (msg: string) => void): Promise<GenerationReport> {
  const orgCount = Math.max(1, Math.round(count / 2.5));
  const t0 = process.hrtime.bigint();
  await pg.query(`SET maintenance_work_mem = '512MB'`);
  await pg.query(`SELECT setseed(0.4242)`);
  const s: GenerationReport['seconds'] = { staging: 0, organizations: 0, locations: 0, services: 0, links: 0, indexes: 0, analyze: 0, total: 0 };
  s.staging = await timed(async () => {
    await pg.query(`TRUNCATE schedule, service_at_location, location, service_referral_stats, service, organization CASCADE`);
    await stage(pg);
  });
  // Bulk load: drop the secondary indexes of the big tables and build them once at the end.
  const indexes = await secondaryIndexes(pg);
  for (const ix of indexes) await pg.query(`DROP INDEX ${ix.name}`);
  s.organizations = await timed(() => organizations(pg, orgCount));
  log(`  ${orgCount} organisations in ${s.organizations.toFixed(1)} s`);
  s.locations = await timed(() => locations(pg));
  log(`  locations and schedules in ${s.locations.toFixed(1)} s`);
  s.services = await timed(() => services(pg, count, orgCount));
  log(`  ${count} services (search columns by trigger) in ${s.services.toFixed(1)} s`);
  s.links = await timed(() =>
    pg.query(`INSERT INTO service_at_location (service_id, location_id)
              SELECT s.id, l.id FROM service s JOIN location l ON l.organization_id = s.organization_id`),
  );
  s.links += await timed(() =>
    pg.query(`INSERT INTO service_referral_stats (service_id, answered, accepted, median_accept_minutes)
              SELECT id, answered, round(answered * (0.3 + 0.7 * random()))::int,
                     CASE WHEN answered > 0 THEN round((30 + random() * 4290)::numeric, 1) END
                FROM (SELECT id, floor(random() * 61)::int AS answered FROM service WHERE random() < 0.6) x`),
  );
  // The links' trigger wrote every service row again (its location points), and so every row of its matching
  // copy (service_match_row): rewrite both compactly, as a directory built up over time would be, before the
  // secondary indexes are rebuilt.
  s.links += await timed(() => pg.query(`VACUUM FULL service, service_match_row`));
  s.indexes = await timed(async () => {
    for (const ix of indexes) await pg.query(ix.def);
  });
  log(`  ${indexes.length} secondary indexes rebuilt in ${s.indexes.toFixed(1)} s`);
  s.analyze = await timed(() => pg.query(`VACUUM ANALYZE organization, location, service, service_match_row, service_referral_stats, service_at_location, schedule`));
  s.total = Number(process.hrtime.bigint() - t0) / 1e9;
  const locs = await pg.query(`SELECT count(*)::int AS n FROM location`);
  await pg.query(`CREATE TABLE bench_meta (services int NOT NULL, version int NOT NULL, generated_at timestamptz NOT NULL DEFAULT now(), seconds float8)`);
  await pg.query(`INSERT INTO bench_meta (services, version, seconds) VALUES ($1, $2, $3)`, [count, GENERATOR_VERSION, s.total]);
  return { organizations: orgCount, services: count, locations: locs.rows[0].n, seconds: s };
}
