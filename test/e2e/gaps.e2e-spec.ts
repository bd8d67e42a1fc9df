import { INestApplicationContext } from '@nestjs/common';
import Papa from 'papaparse';
import { copyCsv } from '../../src/database/copy-stream';
import { streamRows } from '../../src/database/cursor-stream';
import { csvTextSql } from '../../src/gaps/gap-reports';
import { KIND } from '../../src/gaps/gap-analysis.sql';
import { DECLINE_REASONS, SUPPLY_REASONS } from '../../src/referrals/referral-state';
import { caseWithNeed, createOrg, createReferral, createService, staff, TestUser } from '../support/factories';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

/**
 * Gap analysis over a small network whose figures are worked out by hand below. The run goes through the API
 * (runGapAnalysis), the outbox and the real worker.
 *
 * Need category C = WANITA_KORBAN_KEKERASAN throughout; two service types: SHELTER = RUMAH_PERLINDUNGAN and
 * LEGAL = BANTUAN_HUKUM. Services (all ACTIVE, taking referrals), only SHELTER is offered anywhere:
 *   S1 (org A) covers 32.77 (Kota Cimahi)              capacity 2 of 10
 *   S2 (org B) covers 32.77.01 (a district of Cimahi)   capacity 0 of 5   -> counted under regency 32.77
 *   S3 (org C) covers 32 (all of Jawa Barat)            capacity 3 of 8   -> covers every regency of 32
 * Needs and referrals (all sent "yesterday", inside the 90-day window):
 *   cell CRIT  32.04 (Kab. Bandung) x LEGAL: 3 needs, no referral; one of them matched (0 results).
 *   cell HIGH  32.77 x SHELTER: 6 needs, one referral each: 4 declined NO_CAPACITY (3 by S1, 1 by S2),
 *              2 accepted (S1 after 2 h, S2 after 10 h).
 *   cell OK    32.73 (Kota Bandung) x SHELTER: 5 needs, one referral each to S3, accepted after 1, 2, 4, 8, 20 h.
 */
const C = 'WANITA_KORBAN_KEKERASAN';
const SHELTER = 'RUMAH_PERLINDUNGAN';
const LEGAL = 'BANTUAN_HUKUM';
const VILLAGE = { kabBandung: '32.04.05.2001', cimahi: '32.77.01.1001', kotaBandung: '32.73.01.1001' };

const COUNT = `{ value display }`;
const GAP = `runId level regionCode regionName needCategory serviceType gapLevel gapReason
  needs ${COUNT} openNeeds ${COUNT} unmatchedNeeds ${COUNT} referralsSent ${COUNT} accepted ${COUNT} declined ${COUNT}
  supplyDeclines ${COUNT} capacityDeclines ${COUNT} expired ${COUNT}
  coveringServices capacityAvailable capacityMaximum acceptanceRate medianHoursToAccept p90HoursToAccept`;
const SERVICE_GAPS = `query($f: ServiceGapFilter, $first: Int) { serviceGaps(filter: $f, first: $first) { totalCount edges { node { ${GAP} } } } }`;
const RUN = `mutation($r: String) { runGapAnalysis(regionCode: $r) { id status regionCode windowDays } }`;
const RUN_STATUS = `query($id: ID!) { gapAnalysisRun(id: $id) { id status asOf cellCount error } }`;
const METRICS_FIELDS = `organizationId organizationName serviceId sent ${COUNT} accepted ${COUNT} declined ${COUNT}
  declinedByReason { reason count ${COUNT} } expired ${COUNT} pending ${COUNT} completed ${COUNT}
  completedByOutcome { outcome count ${COUNT} } acceptanceRate medianHoursToAccept p90HoursToAccept`;
const METRICS = `query($i: NetworkMetricsInput) { networkMetrics(input: $i) { regionCode total { ${METRICS_FIELDS} }
  organizations { ${METRICS_FIELDS} } services { ${METRICS_FIELDS} } } }`;

const exact = (n: number) => ({ value: n, display: String(n) });
const hidden = { value: null, display: '<5' };

describe('gap analysis and network metrics', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: TestUser;
  let cm: TestUser;
  let coordinator: TestUser;
  let partner: TestUser;
  const org: Record<'home' | 'a' | 'b' | 'c', string> = { home: '', a: '', b: '', c: '' };
  const svc: Record<'s1' | 's2' | 's3', string> = { s1: '', s2: '', s3: '' };
  let nationalRun: string;

  async function referral(village: string, serviceTypes: string[], serviceId: string | null): Promise<{ needId: string; referralId: string | null }> {
    const { needId } = await caseWithNeed(t, cm.token, { regionCode: village }, { serviceTypes });
    return { needId, referralId: serviceId ? await createReferral(t, cm.token, needId, serviceId) : null };
  }
  const transition = (m: 'acceptReferral' | 'declineReferral', input: Record<string, unknown>, token: string) =>
    ok(gql(t, `mutation($i: ${m === 'acceptReferral' ? 'AcceptReferralInput' : 'DeclineReferralInput'}!) { ${m}(input: $i) { id status } }`, { i: input }, token));
  /** Sent a day ago; answered `hours` later (accepted, or declined with `reason`). */
  async function answered(referralId: string, token: string, hours: number, reason?: string): Promise<void> {
    if (reason) await transition('declineReferral', { referralId, declineReason: reason }, token);
    else await transition('acceptReferral', { referralId }, token);
    await t.db.query(
      `UPDATE referral SET sent_at = now() - interval '1 day', answered_at = now() - interval '1 day' + make_interval(hours => $2) WHERE id = $1`,
      [referralId, hours],
    );
  }
  async function finished(runId: string, token = admin.token): Promise<{ status: string; cellCount: number }> {
    return eventually(async () => {
      const d = await ok(gql(t, RUN_STATUS, { id: runId }, token));
      return ['SUCCEEDED', 'FAILED'].includes(d.gapAnalysisRun.status) ? d.gapAnalysisRun : null;
    }, 20_000);
  }
  async function cells(token: string, filter: Record<string, unknown>): Promise<Record<string, any>[]> {
    const d = await ok(gql(t, SERVICE_GAPS, { f: filter, first: 100 }, token));
    return d.serviceGaps.edges.map((e: { node: unknown }) => e.node);
  }
  const cell = (rows: Record<string, any>[], level: string, regionCode: string | null, serviceType: string) =>
    rows.find((r) => r.level === level && r.regionCode === regionCode && r.serviceType === serviceType);

  beforeAll(async () => {
    process.env.OUTBOX_POLL_MS = '100';
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = await userWithToken(t, 'ADMIN');
    org.home = await createOrg(t, { regionCode: '32.77', name: 'Dinsos Cimahi' });
    org.a = await createOrg(t, { regionCode: '32.77', name: 'Rumah Aman A' });
    org.b = await createOrg(t, { regionCode: '32.77', name: 'Rumah Aman B' });
    org.c = await createOrg(t, { regionCode: '32.73', name: 'Rumah Aman C' });
    cm = await staff(t, 'CASE_MANAGER', org.home);
    coordinator = await staff(t, 'COORDINATOR', org.a, '32');
    partner = await staff(t, 'PARTNER_STAFF', org.c);
    const staffA = await staff(t, 'PARTNER_STAFF', org.a);
    const staffB = await staff(t, 'PARTNER_STAFF', org.b);
    const shelter = (organizationId: string, areaCodes: string[], available: number, maximum: number) =>
      createService(t, admin.token, organizationId, { needCategories: [C], serviceTypes: [SHELTER], areaCodes, capacity: { available, maximum } });
    svc.s1 = await shelter(org.a, ['32.77'], 2, 10);
    svc.s2 = await shelter(org.b, ['32.77.01'], 0, 5);
    svc.s3 = await shelter(org.c, ['32'], 3, 8);

    // CRIT: three legal-aid needs in Kab. Bandung; the first is matched and finds nothing.
    const legal = [];
    for (let i = 0; i < 3; i++) legal.push(await referral(VILLAGE.kabBandung, [LEGAL], null));
    const match = await ok(gql(t, `query($i: MatchInput!) { matchServices(input: $i) { runId candidates { distanceKm } } }`, { i: { needId: legal[0].needId } }, cm.token));
    expect(match.matchServices.candidates).toEqual([]);

    // HIGH: Cimahi shelter, four capacity declines and two acceptances.
    const declines: [string, TestUser][] = [[svc.s1, staffA], [svc.s1, staffA], [svc.s1, staffA], [svc.s2, staffB]];
    for (const [serviceId, who] of declines) {
      const { referralId } = await referral(VILLAGE.cimahi, [SHELTER], serviceId);
      await answered(referralId!, who.token, 1, 'NO_CAPACITY');
    }
    await answered((await referral(VILLAGE.cimahi, [SHELTER], svc.s1)).referralId!, staffA.token, 2);
    await answered((await referral(VILLAGE.cimahi, [SHELTER], svc.s2)).referralId!, staffB.token, 10);

    // OK: Kota Bandung shelter, five acceptances by S3.
    for (const hours of [20, 1, 8, 2, 4]) await answered((await referral(VILLAGE.kotaBandung, [SHELTER], svc.s3)).referralId!, partner.token, hours);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('runs the national analysis through the worker and reports the hand-computed cells (admin: exact)', async () => {
    const started = await ok(gql(t, RUN, {}, admin.token));
    expect(started.runGapAnalysis).toMatchObject({ status: 'QUEUED', regionCode: null, windowDays: 90 });
    nationalRun = started.runGapAnalysis.id;
    const run = await finished(nationalRun);
    // Cells: regency 32.04 LEGAL, 32.77 SHELTER, 32.73 SHELTER; province 32 LEGAL and SHELTER; network LEGAL and SHELTER.
    expect(run).toMatchObject({ status: 'SUCCEEDED', cellCount: 7 });

    const rows = await cells(admin.token, {});
    expect(rows).toHaveLength(7);
    // Sorted by severity: the CRITICAL cells first.
    expect(rows.slice(0, 3).map((r) => r.gapLevel)).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL']);

    // CRITICAL: 3 needs, all OPEN; 1 matched with 0 results; no service offers LEGAL anywhere -> demand and no
    // covering service.
    expect(cell(rows, 'REGENCY', '32.04', LEGAL)).toMatchObject({
      regionName: 'Kabupaten Bandung', needCategory: C, gapLevel: 'CRITICAL', gapReason: 'NO_COVERING_SERVICE',
      needs: exact(3), openNeeds: exact(3), unmatchedNeeds: exact(1), referralsSent: exact(0),
      coveringServices: 0, capacityAvailable: null, capacityMaximum: null, acceptanceRate: null, medianHoursToAccept: null,
    });

    // HIGH, driven by capacity declines: 6 needs (4 declined -> OPEN again, 2 accepted -> REFERRED: all 6 open);
    // 6 sent, 2 accepted, 4 declined, all NO_CAPACITY (supply reasons), 0 expired -> decided 6.
    // Covering: S1 (32.77), S2 (32.77.01, a part of 32.77) and S3 (the province) = 3, all reporting capacity:
    // available 2 + 0 + 3 = 5 (so not "no capacity"), maximum 10 + 5 + 8 = 23.
    // Rule SUPPLY_REFUSALS: 2 x (4 supply declines + 0 expired) - 6 decided = 2 > 0 -> HIGH.
    // Acceptance rate 2 / 6 = 0.3333; hours to accept [2, 10]: median (2 + 10) / 2 = 6,
    // p90 = 2 + 0.9 x (10 - 2) = 9.2 (linear interpolation, percentile_cont).
    expect(cell(rows, 'REGENCY', '32.77', SHELTER)).toMatchObject({
      gapLevel: 'HIGH', gapReason: 'SUPPLY_REFUSALS', needs: exact(6), openNeeds: exact(6), unmatchedNeeds: exact(0),
      referralsSent: exact(6), accepted: exact(2), declined: exact(4), supplyDeclines: exact(4), capacityDeclines: exact(4), expired: exact(0),
      coveringServices: 3, capacityAvailable: 5, capacityMaximum: 23, acceptanceRate: 0.3333, medianHoursToAccept: 6, p90HoursToAccept: 9.2,
    });

    // OK: 5 accepted of 5 -> rate 1, nothing unmet -> NONE. Only S3 covers Kota Bandung (capacity 3 of 8).
    // Hours sorted [1, 2, 4, 8, 20]: median 4; p90 at rank 0.9 x (5 - 1) = 3.6 -> 8 + 0.6 x (20 - 8) = 15.2.
    expect(cell(rows, 'REGENCY', '32.73', SHELTER)).toMatchObject({
      gapLevel: 'NONE', gapReason: 'MET', needs: exact(5), referralsSent: exact(5), accepted: exact(5), declined: exact(0),
      coveringServices: 1, capacityAvailable: 3, capacityMaximum: 8, acceptanceRate: 1, medianHoursToAccept: 4, p90HoursToAccept: 15.2,
    });
  });

  it('rolls the regencies up to the province and the network from the underlying rows', async () => {
    const rows = await cells(admin.token, { level: 'PROVINCE' });
    // Jawa Barat x SHELTER = Cimahi + Kota Bandung: needs 6 + 5 = 11, sent 11, accepted 2 + 5 = 7, declined 4
    // (all NO_CAPACITY), decided 11. Covering: S1, S2, S3 counted once each = 3; capacity 2 + 0 + 3 = 5 of 23.
    // Rule: SUPPLY_REFUSALS needs 2 x 4 - 11 = -3 > 0: no; unmatched 0; 4 supply declines > 0 -> LOW SOME_UNMET.
    // Rate 7 / 11 = 0.63636 -> 0.6364. Hours of the 7 acceptances, sorted [1, 2, 2, 4, 8, 10, 20] (not the
    // regencies' medians): median 4; p90 at rank 0.9 x 6 = 5.4 -> 10 + 0.4 x (20 - 10) = 14.
    const shelter = {
      gapLevel: 'LOW', gapReason: 'SOME_UNMET', needs: exact(11), openNeeds: exact(11), referralsSent: exact(11), accepted: exact(7),
      declined: exact(4), supplyDeclines: exact(4), capacityDeclines: exact(4), coveringServices: 3, capacityAvailable: 5,
      capacityMaximum: 23, acceptanceRate: 0.6364, medianHoursToAccept: 4, p90HoursToAccept: 14,
    };
    expect(cell(rows, 'PROVINCE', '32', SHELTER)).toMatchObject({ ...shelter, regionName: 'Jawa Barat' });
    expect(cell(rows, 'PROVINCE', '32', LEGAL)).toMatchObject({ gapLevel: 'CRITICAL', needs: exact(3), coveringServices: 0 });
    expect(rows).toHaveLength(2);
    // One province in the data: the network is the same.
    const network = await cells(admin.token, { level: 'NETWORK' });
    expect(cell(network, 'NETWORK', null, SHELTER)).toMatchObject(shelter);
    // One cell per level, region, category and service type in a snapshot (the grouping guarantees it; no index does).
    const [{ doubled }] = await t.db.query(`SELECT count(*)::int AS doubled FROM (SELECT 1 FROM gap_snapshot_cell
      GROUP BY run_id, level, region_code, need_category, service_type HAVING count(*) > 1) d`);
    expect(doubled).toBe(0);
    // A cell of a run that does not exist is refused (checked once per statement).
    await expect(t.db.query(`INSERT INTO gap_snapshot_cell (run_id, level, region_code, need_category, service_type, needs, open_needs,
      unmatched_needs, referrals_sent, accepted, declined, supply_declines, capacity_declines, expired, decided, covering_services,
      capacity_reporting, gap_level, gap_reason, level_rank)
      VALUES ('00000000-0000-4000-8000-000000000000', 'NETWORK', NULL, $1, $2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'LOW', 'x', 1)`, [C, SHELTER]))
      .rejects.toThrow(/run 00000000-0000-4000-8000-000000000000 does not exist/);
  });

  it('hides counts 1-4 from coordinators and case managers, and shows case managers only their regency', async () => {
    const rows = await cells(coordinator.token, { regionCode: '32' });
    expect(rows).toHaveLength(5); // the 3 regency and 2 province cells of Jawa Barat; not the network cells
    // 3 needs, 1 unmatched: "<5". Zero is not hidden (it identifies nobody).
    expect(cell(rows, 'REGENCY', '32.04', LEGAL)).toMatchObject({ needs: hidden, openNeeds: hidden, unmatchedNeeds: hidden, referralsSent: exact(0) });
    // 6 needs shown; 2 accepted and 4 declines hidden, and so are the times computed from the 2 acceptances;
    // the rate over 6 decided referrals is shown. Services and capacity are not client data: shown.
    expect(cell(rows, 'REGENCY', '32.77', SHELTER)).toMatchObject({
      needs: exact(6), accepted: hidden, declined: hidden, capacityDeclines: hidden, expired: exact(0),
      acceptanceRate: 0.3333, medianHoursToAccept: null, p90HoursToAccept: null, coveringServices: 3, capacityAvailable: 5,
    });

    const mine = await cells(cm.token, {});
    expect(mine.map((r) => [r.level, r.regionCode, r.serviceType])).toEqual([['REGENCY', '32.77', SHELTER]]);
    expect(mine[0].accepted).toEqual(hidden);
  });

  it('reports network metrics per organisation and service, exact for the reader\'s own organisation', async () => {
    const d = await ok(gql(t, METRICS, { i: { regionCode: '32' } }, coordinator.token));
    const m = d.networkMetrics;
    // 11 referrals: 7 accepted, 4 declined NO_CAPACITY; none expired, pending or completed.
    expect(m.total).toMatchObject({ sent: exact(11), accepted: exact(7), declined: hidden, expired: exact(0), acceptanceRate: 0.6364, medianHoursToAccept: 4, p90HoursToAccept: 14 });
    expect(m.total.declinedByReason.find((r: { reason: string }) => r.reason === 'NO_CAPACITY').count).toEqual(hidden);
    // Busiest first: org C 5 sent, org A 4 (the coordinator's own: exact), org B 2 (hidden).
    expect(m.organizations.map((o: { organizationId: string }) => o.organizationId)).toEqual([org.c, org.a, org.b]);
    const [c, a, b] = m.organizations;
    expect(c).toMatchObject({ organizationName: 'Rumah Aman C', sent: exact(5), accepted: exact(5), acceptanceRate: 1, medianHoursToAccept: 4, p90HoursToAccept: 15.2 });
    // Org A: S1 got 3 NO_CAPACITY declines and 1 acceptance (2 h): rate 1 / 4 = 0.25, median and p90 2.
    expect(a).toMatchObject({ sent: exact(4), accepted: exact(1), declined: exact(3), acceptanceRate: 0.25, medianHoursToAccept: 2, p90HoursToAccept: 2 });
    expect(a.declinedByReason.find((r: { reason: string }) => r.reason === 'NO_CAPACITY').count).toEqual(exact(3));
    expect(b).toMatchObject({ sent: hidden, accepted: hidden, acceptanceRate: null, medianHoursToAccept: null });
    expect(m.services.map((s: { serviceId: string }) => s.serviceId)).toEqual([svc.s3, svc.s1, svc.s2]);

    const asAdmin = await ok(gql(t, METRICS, { i: {} }, admin.token));
    expect(asAdmin.networkMetrics.organizations[2]).toMatchObject({ organizationId: org.b, sent: exact(2), medianHoursToAccept: 10 });
  });

  it('streams the snapshot as CSV with Indonesian headers, English on request, and refuses without a token', async () => {
    const unauthenticated = await fetch(`${t.url}/reports/gaps.csv`);
    expect(unauthenticated.status).toBe(401);
    await expect(unauthenticated.json()).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await fetch(`${t.url}/reports/referrals.csv`)).status).toBe(401);
    const asPartner = await fetch(`${t.url}/reports/gaps.csv`, { headers: { authorization: `Bearer ${partner.token}` } });
    expect(asPartner.status).toBe(403);
    const badInput = await fetch(`${t.url}/reports/gaps.csv?gapLevels=SEVERE`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(badInput.status).toBe(400);
    await expect(badInput.json()).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'gapLevels' });

    const res = await fetch(`${t.url}/reports/gaps.csv?regionCode=32`, { headers: { authorization: `Bearer ${coordinator.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 6)).toEqual(['Waktu snapshot', 'Tingkat wilayah', 'Kode wilayah', 'Nama wilayah', 'Kode kategori kebutuhan', 'Kategori kebutuhan']);
    expect(lines).toHaveLength(1 + 5);
    const header = lines[0].split(',');
    const critical = lines.find((l) => l.includes(',32.04,'))!.split(',');
    expect(critical[header.indexOf('Tingkat kesenjangan')]).toBe('CRITICAL');
    expect(critical[header.indexOf('Kebutuhan')]).toBe('<5');
    expect(critical[header.indexOf('Nama wilayah')]).toBe('Kabupaten Bandung');

    const en = await (await fetch(`${t.url}/reports/gaps.csv?lang=en`, { headers: { authorization: `Bearer ${admin.token}` } })).text();
    expect(en.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Snapshot time,Region level,Region code,Region name/);
    const byHeader = await (await fetch(`${t.url}/reports/gaps.csv`, { headers: { authorization: `Bearer ${admin.token}`, 'accept-language': 'en-GB,en;q=0.9' } })).text();
    expect(byHeader.replace(/^\uFEFF/, '').startsWith('Snapshot time,')).toBe(true);

    const refs = await fetch(`${t.url}/reports/referrals.csv`, { headers: { authorization: `Bearer ${coordinator.token}` } });
    expect(refs.status).toBe(200);
    const refLines = (await refs.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(refLines[0].split(',').slice(0, 6)).toEqual(['ID organisasi', 'Organisasi', 'ID layanan', 'Layanan', 'Rujukan dikirim', 'Rujukan diterima']);
    // One row per receiving service; S2's 2 referrals hidden from a coordinator of another organisation.
    expect(refLines).toHaveLength(1 + 3);
    const s2 = refLines.find((l) => l.includes(svc.s2))!.split(',');
    expect(s2[refLines[0].split(',').indexOf('Rujukan dikirim')]).toBe('<5');
  });

  it('reads rows through a cursor in batches', async () => {
    const batches: number[] = [];
    const total = await streamRows<{ n: number }>(t.db, `SELECT generate_series(1, $1::int) AS n`, [5], async (rows) => {
      batches.push(rows.length);
    }, 2);
    expect({ total, batches }).toEqual({ total: 5, batches: [2, 2, 1] });
  });

  it('renders text through COPY as spreadsheets read it back: quoted where needed, formulas neutralised, CRLF lines', async () => {
    const values = ['Rumah "Aman", Cimahi', '=HYPERLINK("x")', '+62 812', '-5', '@user', 'baris\nbaru', 'Kab. Bandung', null];
    const chunks: Buffer[] = [];
    const rows = await copyCsv(t.db, `SELECT ${csvTextSql('v')}, i FROM unnest($1::text[]) WITH ORDINALITY AS x(v, i) ORDER BY i`, [values], async (c) => {
      chunks.push(c as Buffer);
    });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(rows).toBe(values.length);
    expect(text.split('\r\n')).toHaveLength(values.length + 1);
    expect(Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data).toEqual([
      ['Rumah "Aman", Cimahi', '1'], ["'=HYPERLINK(\"x\")", '2'], ["'+62 812", '3'], ["'-5", '4'], ["'@user", '5'],
      ['baris\nbaru', '6'], ['Kab. Bandung', '7'], ['', '8'],
    ]);
  });

  it('keeps a snapshot unchanged when referrals change afterwards, and shows the change as a trend', async () => {
    const before = cell(await cells(admin.token, { runId: nationalRun, regionCode: '32.77' }), 'REGENCY', '32.77', SHELTER);
    // A seventh Cimahi shelter referral, declined for capacity after the first run.
    const staffA = await staff(t, 'PARTNER_STAFF', org.a);
    await answered((await referral(VILLAGE.cimahi, [SHELTER], svc.s1)).referralId!, staffA.token, 1, 'NO_CAPACITY');
    await expect(t.db.query(`UPDATE gap_snapshot_cell SET needs = 0 WHERE run_id = $1`, [nationalRun])).rejects.toThrow(/immutable/);
    await expect(t.db.query(`DELETE FROM gap_snapshot_cell WHERE run_id = $1`, [nationalRun])).rejects.toThrow(/immutable/);
    await expect(t.db.query(`UPDATE gap_analysis_run SET status = 'FAILED' WHERE id = $1`, [nationalRun])).rejects.toThrow(/final/);

    const second = await ok(gql(t, RUN, { r: '32' }, coordinator.token));
    await finished(second.runGapAnalysis.id, coordinator.token);
    expect(cell(await cells(admin.token, { runId: nationalRun, regionCode: '32.77' }), 'REGENCY', '32.77', SHELTER)).toEqual(before);

    const trend = await ok(gql(t, `query($r: String!, $c: String!, $s: String) { gapTrend(regionCode: $r, needCategory: $c, serviceType: $s) { runId ${GAP} } }`,
      { r: '32.77', c: C, s: SHELTER }, admin.token));
    // 6 -> 7 needs and referrals; 5 of 7 declined for capacity: 2 x 5 - 7 = 3 > 0, still HIGH.
    expect(trend.gapTrend.map((p: Record<string, any>) => [p.runId, p.needs.value, p.referralsSent.value, p.capacityDeclines.value, p.gapLevel])).toEqual([
      [nationalRun, 6, 6, 4, 'HIGH'],
      [second.runGapAnalysis.id, 7, 7, 5, 'HIGH'],
    ]);
  });

  it('joins two runs of one scope requested together into one run and one snapshot', async () => {
    const [a, b] = await Promise.all([ok(gql(t, RUN, { r: '32.04' }, admin.token)), ok(gql(t, RUN, { r: '32.04' }, coordinator.token))]);
    expect(a.runGapAnalysis.id).toBe(b.runGapAnalysis.id);
    expect(await finished(a.runGapAnalysis.id)).toMatchObject({ status: 'SUCCEEDED', cellCount: 1 });
    const [runs] = await t.db.query(`SELECT count(*)::int AS n FROM gap_analysis_run WHERE region_code = '32.04'`);
    expect(runs.n).toBe(1);
    const [snapshot] = await t.db.query(`SELECT count(DISTINCT run_id)::int AS runs FROM gap_snapshot_cell c JOIN gap_analysis_run g ON g.id = c.run_id WHERE g.region_code = '32.04'`);
    expect(snapshot.runs).toBe(1);
    // A run requested after that one finished is a new run.
    const later = await ok(gql(t, RUN, { r: '32.04' }, admin.token));
    expect(later.runGapAnalysis.id).not.toBe(a.runGapAnalysis.id);
    await finished(later.runGapAnalysis.id);
  });

  it('gives up a pending run whose job was lost an hour ago, and starts a new one', async () => {
    // A run left RUNNING by a worker that died (no job will finish it), requested 61 minutes ago.
    const [lost] = await t.db.query(
      `INSERT INTO gap_analysis_run (region_code, window_days, status, requested_at, started_at)
       VALUES ('32.73', 90, 'RUNNING', now() - interval '61 minutes', now() - interval '61 minutes') RETURNING id`,
    );
    const fresh = await ok(gql(t, RUN, { r: '32.73' }, admin.token));
    expect(fresh.runGapAnalysis.id).not.toBe(lost.id);
    await expect(finished(fresh.runGapAnalysis.id)).resolves.toMatchObject({ status: 'SUCCEEDED' });
    await expect(ok(gql(t, RUN_STATUS, { id: lost.id }, admin.token))).resolves.toMatchObject({
      gapAnalysisRun: { status: 'FAILED', error: 'abandoned: not finished in time' },
    });
  });

  it('refuses what a reader may not do or ask', async () => {
    await expect(errorOf(gql(t, SERVICE_GAPS, {}, partner.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(errorOf(gql(t, SERVICE_GAPS, { f: { regionCode: '33' } }, coordinator.token))).resolves.toMatchObject({ code: 'FORBIDDEN', field: 'filter.regionCode' });
    await expect(errorOf(gql(t, SERVICE_GAPS, { f: { needCategory: 'NOPE' } }, admin.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.needCategory' });
    await expect(errorOf(gql(t, `query { gapTrend(regionCode: "33.01", needCategory: "${C}") { runId } }`, {}, coordinator.token)))
      .resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(errorOf(gql(t, `query { gapTrend(regionCode: "not-a-code", needCategory: "${C}") { runId } }`, {}, admin.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    await expect(errorOf(gql(t, METRICS, { i: { from: '2026-06-01T00:00:00Z', to: '2026-05-01T00:00:00Z' } }, admin.token)))
      .resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.from' });
    await expect(errorOf(gql(t, METRICS, {}, partner.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(errorOf(gql(t, RUN_STATUS, { id: '00000000-0000-4000-8000-000000000000' }, admin.token))).resolves.toMatchObject({ code: 'NOT_FOUND' });
    await expect(errorOf(gql(t, RUN, { r: '32.77' }, cm.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(errorOf(gql(t, RUN, {}, coordinator.token))).resolves.toMatchObject({ code: 'FORBIDDEN' }); // the network is outside a province scope
    await expect(errorOf(gql(t, RUN, { r: '32.77.01' }, admin.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    await expect(errorOf(gql(t, RUN, { r: '99' }, admin.token))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });

  it('moves a referral\'s figures with its need and its client, and supply with the directory, in the transaction that changes them', async () => {
    // A shelter need in Kota Bandung (32.73), referred to S3 and accepted after 3 h. Then the need also asks for legal
    // aid and the client moves to Kab. Bandung (32.04): the referral now counts in 32.04 under both service types.
    const { clientId, needId } = await caseWithNeed(t, cm.token, { regionCode: VILLAGE.kotaBandung }, { serviceTypes: [SHELTER] });
    await answered(await createReferral(t, cm.token, needId, svc.s3), partner.token, 3);
    await ok(gql(t, `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { id } }`, { i: { needId, serviceTypes: [SHELTER, LEGAL], reason: 'also asks for legal aid' } }, cm.token));
    await ok(gql(t, `mutation($i: UpdateClientInput!) { updateClient(input: $i) { id } }`, { i: { id: clientId, regionCode: VILLAGE.kabBandung } }, cm.token));

    // Supply follows the directory too: S3 reports 6 of 8 places and also lists 32.04 (inside the province it covers
    // whole: adds nothing); S2 stops taking referrals.
    await ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc.s3, available: 6, maximum: 8 } }, admin.token));
    await ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: svc.s3, areaCodes: ['32', '32.04'] } }, admin.token));
    await ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: svc.s2, acceptsReferrals: false } }, admin.token));
    // S1 now shelters Kota Bandung (32.73) as well as Cimahi: two regencies of one province.
    await ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: svc.s1, areaCodes: ['32.77', '32.73'] } }, admin.token));

    const run = await ok(gql(t, RUN, { r: '32' }, admin.token));
    await finished(run.runGapAnalysis.id);
    const rows = await cells(admin.token, { runId: run.runGapAnalysis.id });
    const figures = (c: Record<string, any>) => [c.needs.value, c.referralsSent.value, c.accepted.value, c.medianHoursToAccept];
    const supply = (c: Record<string, any>) => [c.coveringServices, c.capacityAvailable, c.capacityMaximum];
    // Legal aid in 32.04: the three needs of the fixture and this one; its referral, accepted after 3 h. No supply.
    expect(figures(cell(rows, 'REGENCY', '32.04', LEGAL)!)).toEqual([4, 1, 1, 3]);
    expect(supply(cell(rows, 'REGENCY', '32.04', LEGAL)!)).toEqual([0, null, null]);
    // Shelter in 32.04: this need and referral; S3 once (by its province).
    expect(figures(cell(rows, 'REGENCY', '32.04', SHELTER)!)).toEqual([1, 1, 1, 3]);
    expect(supply(cell(rows, 'REGENCY', '32.04', SHELTER)!)).toEqual([1, 6, 8]);
    // Shelter in Cimahi: S1 (2 of 10) and S3 (6 of 8); S2 no longer counts. Kota Bandung: the same two.
    expect(supply(cell(rows, 'REGENCY', '32.77', SHELTER)!)).toEqual([2, 8, 18]);
    expect(supply(cell(rows, 'REGENCY', '32.73', SHELTER)!)).toEqual([2, 8, 18]);
    // Jawa Barat: S1 once although two of its regencies lie there, and S3: 2 services, 2 + 6 of 10 + 8 places.
    expect(supply(cell(rows, 'PROVINCE', '32', SHELTER)!)).toEqual([2, 8, 18]);

    // What the triggers kept equals what a rebuild from the source tables computes (in a transaction rolled back).
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const same = async (rowsOf: string, rebuild: string) => {
        await runner.query(`CREATE TEMP TABLE kept AS ${rowsOf}`);
        const [{ rows: rebuilt }] = await runner.query(`SELECT ${rebuild}() AS rows`);
        const [diff] = await runner.query(`SELECT (SELECT count(*) FROM kept)::int AS kept,
          (SELECT count(*) FROM (TABLE kept EXCEPT ALL ${rowsOf}) d)::int AS only_kept, (SELECT count(*) FROM (${rowsOf} EXCEPT ALL TABLE kept) d)::int AS only_rebuilt`);
        await runner.query(`DROP TABLE kept`);
        return { rebuilt: Number(rebuilt), ...diff };
      };
      const referrals = await same(`SELECT r.referral_id, r.need_id, g.regency, g.category, g.types, r.sent_at, r.kind, r.hours
        FROM gap_referral r JOIN gap_cell_group g ON g.id = r.cell_group`, 'gap_referral_rebuild');
      expect(referrals).toEqual({ rebuilt: referrals.kept, kept: referrals.kept, only_kept: 0, only_rebuilt: 0 });
      expect(referrals.kept).toBeGreaterThan(10);
      // gap_referral_rebuild() also rebuilds each need's group and the status, opening time and match count it copies.
      const needs = await same(`SELECT n.need_id, g.regency, g.category, g.types, n.status, n.created_at, n.last_match_result_count
        FROM gap_need_group n JOIN gap_cell_group g ON g.id = n.cell_group`, 'gap_referral_rebuild');
      expect(needs).toEqual({ rebuilt: referrals.kept /* what it returns: the referrals written */, kept: needs.kept, only_kept: 0, only_rebuilt: 0 });
      expect(needs.kept).toBeGreaterThan(10);
      const supplyRows = await same(`SELECT * FROM gap_supply`, 'gap_supply_rebuild');
      expect(supplyRows).toEqual({ rebuilt: supplyRows.kept, kept: supplyRows.kept, only_kept: 0, only_rebuilt: 0 });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('classifies every referral state and decline reason as the figures count them', async () => {
    const kind = async (status: string, reason: string | null, answered: boolean) =>
      (await t.db.query(`SELECT gap_referral_kind($1, $2, CASE WHEN $3 THEN now() END) AS k`, [status, reason, answered]))[0].k;
    for (const reason of DECLINE_REASONS) {
      const expected = reason === 'NO_CAPACITY' ? KIND.capacityDeclined : SUPPLY_REASONS.includes(reason) ? KIND.supplyDeclined : KIND.declined;
      expect([reason, await kind('DECLINED', reason, true)]).toEqual([reason, expected]);
    }
    for (const status of ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'CANCELLED']) expect([status, await kind(status, null, true)]).toEqual([status, KIND.accepted]);
    expect(await kind('EXPIRED', null, false)).toBe(KIND.expired);
    for (const status of ['SENT', 'CANCELLED', 'FAILED']) expect([status, await kind(status, null, false)]).toEqual([status, KIND.other]);
  });
});
