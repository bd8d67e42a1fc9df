import { gql, ok, TestApp, userWithToken } from './harness';
import type { Role } from '../../src/common/viewer';

/**
 * Test data through the API, as a client would create it (organisations directly in the database, since only
 * their id matters). Each factory takes what differs and defaults the rest.
 */
let seq = 0;
const next = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

export async function createOrg(t: TestApp, opts: { name?: string; partnerKind?: string; regionCode?: string } = {}): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO organization (name, partner_kind, region_code) VALUES ($1, $2, $3) RETURNING id`,
    [opts.name ?? `Org ${next()}`, opts.partnerKind ?? 'LK3', opts.regionCode ?? '32.77'],
  );
  return row.id;
}

export type TestUser = Awaited<ReturnType<typeof userWithToken>>;

/** A user of `organizationId` with a signed-in token. */
export function staff(t: TestApp, role: Role, organizationId: string | null, regionScope: string | null = null): Promise<TestUser> {
  return userWithToken(t, role, { organizationId, regionScope });
}

export async function createService(
  t: TestApp, adminToken: string, organizationId: string, over: Record<string, unknown> = {},
): Promise<string> {
  const d = await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: {
    organizationId, name: `Service ${next()}`, needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], areaCodes: ['32.77'], ...over,
  } }, adminToken));
  return d.createService.id;
}

export async function registerClient(t: TestApp, token: string, over: Record<string, unknown> = {}): Promise<string> {
  const d = await ok(gql(t, `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`, { i: {
    fullName: `Ibu ${next()}`, birthDate: '1990-04-04', sex: 'FEMALE', regionCode: '32.77.01.1001', confirmNotDuplicate: true, ...over,
  } }, token));
  return d.registerClient.client.id;
}

export async function openCase(t: TestApp, token: string, clientId: string, over: Record<string, unknown> = {}): Promise<string> {
  const d = await ok(gql(t, `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`, { i: { clientId, priority: 'ROUTINE', ...over } }, token));
  return d.openCase.id;
}

export async function addNeed(
  t: TestApp, token: string, caseId: string, category = 'WANITA_KORBAN_KEKERASAN', over: Record<string, unknown> = {},
): Promise<string> {
  const d = await ok(gql(t, `mutation($i: AddNeedInput!) { addNeed(input: $i) { id } }`, { i: { caseId, category, severity: 'HIGH', ...over } }, token));
  return d.addNeed.id;
}

export async function recordConsent(t: TestApp, token: string, clientId: string, caseId: string, categories = ['IDENTITY', 'NEEDS_SUMMARY']): Promise<string> {
  const d = await ok(gql(t, `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, { i: {
    clientId, caseId, categories, purpose: 'Rujukan layanan', method: 'WRITTEN',
  } }, token));
  return d.recordConsent.id;
}

/** A registered client with an open case, one need (AddNeedInput fields in `need`) and consent to share identity and the need. */
export async function caseWithNeed(
  t: TestApp, token: string, client: Record<string, unknown> = {}, need: Record<string, unknown> = {},
): Promise<{ clientId: string; caseId: string; needId: string }> {
  const clientId = await registerClient(t, token, client);
  const caseId = await openCase(t, token, clientId);
  const needId = await addNeed(t, token, caseId, undefined, need);
  await recordConsent(t, token, clientId, caseId);
  return { clientId, caseId, needId };
}

/** A referral of the need to the service, sent unless `send: false`; its id. */
export async function createReferral(t: TestApp, token: string, needId: string, serviceId: string, over: Record<string, unknown> = {}): Promise<string> {
  const d = await ok(gql(t, `mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }`, { i: { needId, serviceId, send: true, ...over } }, token));
  return d.createReferral.id;
}
