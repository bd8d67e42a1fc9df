/**
 * Test data for the fault suite, through the API running as its own process (as a client would create it), with
 * organisations and bulk referrals written directly as the table owner where only their rows matter.
 */
import type { Pool } from 'pg';

type Db = Pick<Pool, 'query'>;
import { ADMIN } from './fault-env';

export interface GqlResult {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

export async function gqlAt(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs = 30_000): Promise<GqlResult> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as GqlResult['body'] };
}

async function must(p: Promise<GqlResult>): Promise<any> {
  const r = await p;
  if (r.body.errors?.length || !r.body.data) throw new Error(`GraphQL failed (${r.status}): ${JSON.stringify(r.body.errors)}`);
  return r.body.data;
}

export interface Network {
  url: string;
  adminToken: string;
  cmToken: string;
  serviceId: string;
}

async function login(url: string, email: string, password: string): Promise<string> {
  const d = await must(gqlAt(url, `mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password } }));
  return d.login.token;
}

/** A sending LK3 with a case manager, a receiving organisation with one service; tokens for the admin and the case manager. */
export async function seedNetwork(url: string, owner: Db): Promise<Network> {
  const adminToken = await login(url, ADMIN.email, ADMIN.password);
  const org = async (kind: string) =>
    (await owner.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ($1, $2, '32.77') RETURNING id`, [`Fault ${kind} ${Date.now()}`, kind])).rows[0].id as string;
  const lk3 = await org('LK3');
  const rs = await org('RUMAH_SAKIT');
  const service = await must(gqlAt(url, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
    organizationId: rs, name: `Rumah aman ${Date.now()}`, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['RUMAH_PERLINDUNGAN'], areaCodes: ['32.77'],
  } }, adminToken));
  const email = `cm-${Date.now()}@fault.invalid`;
  await must(gqlAt(url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: {
    email, name: 'Pekerja Sosial Uji', organizationId: lk3, password: 'case-manager-password', role: 'CASE_MANAGER',
  } }, adminToken));
  return { url, adminToken, cmToken: await login(url, email, 'case-manager-password'), serviceId: service.createService.id };
}

let seq = 0;

/** A client with an open URGENT case and one need; the need's id. */
export async function newNeed(n: Network): Promise<string> {
  const c = await must(gqlAt(n.url, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
    fullName: `Ibu Uji ${++seq} ${Math.random().toString(36).slice(2, 7)}`, birthDate: '1990-04-04', sex: 'FEMALE', regionCode: '32.77.01.1001', confirmNotDuplicate: true,
  } }, n.cmToken));
  const k = await must(gqlAt(n.url, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId: c.registerClient.client.id, priority: 'URGENT' } }, n.cmToken));
  const need = await must(gqlAt(n.url, `mutation($i: AddNeedInput!) { addNeed(input: $i) { id } }`, { i: { caseId: k.openCase.id, category: 'WANITA_KORBAN_KEKERASAN', severity: 'HIGH' } }, n.cmToken));
  return need.addNeed.id;
}

export const SEND = `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status acceptBy } }`;

export function sendInput(needId: string, serviceId: string): Record<string, unknown> {
  return { i: { needId, serviceId, send: true, withoutIdentifyingData: { reason: 'Klien belum dapat ditemui untuk persetujuan' } } };
}

/** Sends one referral through the API; its id. */
export async function sendReferral(n: Network, needId: string): Promise<string> {
  return (await must(gqlAt(n.url, SEND, sendInput(needId, n.serviceId), n.cmToken))).createReferral.id;
}

/**
 * `count` more SENT referrals like `templateId` (each with a need of its own on the template's case), written in one
 * statement as the owner: sent two minutes ago (so the reconciler, not the relay, schedules them), their deadlines
 * spread evenly from `firstDue` over `spreadMs`. No outbox rows: their jobs exist only once the reconciler adds them.
 */
export async function cloneSentReferrals(owner: Db, templateId: string, count: number, firstDue: Date, spreadMs: number): Promise<string[]> {
  const { rows } = await owner.query(
    `WITH tpl AS (SELECT * FROM referral WHERE id = $1),
          needs AS (
            INSERT INTO need (case_id, category, service_types, severity, status)
            SELECT n.case_id, n.category, n.service_types, n.severity, 'REFERRED' FROM need n JOIN tpl ON tpl.need_id = n.id, generate_series(1, $2::int)
            RETURNING id),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM needs)
     INSERT INTO referral (case_id, need_id, client_id, from_organization_id, from_user_id, service_id, to_organization_id, urgency,
                           consent_categories, consent_ids, status, version, accept_by, sent_at, created_at)
     SELECT tpl.case_id, x.id, tpl.client_id, tpl.from_organization_id, tpl.from_user_id, tpl.service_id, tpl.to_organization_id, tpl.urgency,
            tpl.consent_categories, tpl.consent_ids, 'SENT', tpl.version,
            $3::timestamptz + make_interval(secs => x.i * $4::float8 / 1000 / greatest($2::int - 1, 1)),
            now() - interval '2 minutes', now() - interval '2 minutes'
       FROM tpl, numbered x
     RETURNING id`,
    [templateId, count, firstDue, spreadMs],
  );
  return rows.map((r: { id: string }) => r.id);
}

/** For the referrals `ids`: how many are EXPIRED, how many EXPIRED events each has at most, and the latest expiry's lateness. */
export async function expiryCounts(owner: Db, ids: string[]): Promise<{ expired: number; sent: number; maxEvents: number; events: number; maxLateMs: number | null }> {
  const { rows: [r] } = await owner.query(
    `WITH e AS (
       SELECT r.id, r.status, count(ev.*) FILTER (WHERE ev.to_status = 'EXPIRED') AS n,
              max(ev.at) FILTER (WHERE ev.to_status = 'EXPIRED') AS at, r.accept_by
         FROM referral r LEFT JOIN referral_event ev ON ev.referral_id = r.id
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id)
     SELECT count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired, count(*) FILTER (WHERE status = 'SENT')::int AS sent,
            coalesce(max(n), 0)::int AS "maxEvents", coalesce(sum(n), 0)::int AS events,
            (extract(epoch FROM max(at - accept_by)) * 1000)::int AS "maxLateMs"
       FROM e`,
    [ids],
  );
  return r;
}
