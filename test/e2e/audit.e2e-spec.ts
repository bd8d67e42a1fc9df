import { AuditService } from '../../src/audit/audit.service';
import { runWithRequestContext } from '../../src/common/request-context';
import { asOwner, errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * audit_event is append-only, also for the tests: rows from earlier files stay, so every assertion here
 * filters by the ids of records this file created.
 */
interface AuditRow {
  action: string; actor_id: string | null; actor_role: string | null; actor_organization_id: string | null;
  entity_type: string; entity_id: string; entity_organization_id: string | null; request_id: string | null;
  client_address: string | null; details: Record<string, unknown>;
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: { id: string; token: string };
  let coordinator: { id: string; token: string };
  let partner: { id: string; token: string };
  const orgs: Record<string, string> = {};

  const rowsFor = (entityId: string): Promise<AuditRow[]> =>
    t.db.query(
      `SELECT action, actor_id, actor_role, actor_organization_id, entity_type, entity_id, entity_organization_id,
              request_id, host(client_address) AS client_address, details
         FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
  const actions = async (entityId: string) => (await rowsFor(entityId)).map((r) => r.action);

  beforeAll(async () => {
    process.env.TRUSTED_PROXIES = 'loopback'; // the test client stands behind a proxy on 127.0.0.1 (X-Forwarded-For)
    t = await startApp();
    admin = await userWithToken(t, 'ADMIN');
    const mk = async (name: string, partnerKind: string) =>
      (await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { name, partnerKind, regionCode: '32.73' },
      }, admin.token))).createOrganization.id;
    orgs.dinsos = await mk('Dinas Sosial Kota Bandung', 'DINAS_SOSIAL');
    orgs.partner = await mk('RS Hasan Sadikin', 'RUMAH_SAKIT');
    orgs.lk3 = await mk('LK3 Bandung', 'LK3');
    coordinator = await userWithToken(t, 'COORDINATOR', { organizationId: orgs.dinsos, regionScope: '32' });
    partner = await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgs.partner });
  });
  afterAll(async () => {
    delete process.env.TRUSTED_PROXIES;
    await t.close();
  });

  it('records who, what, when, the request id and the client address of a write, in the write\'s transaction', async () => {
    const requestId = `audit-test-${Date.now()}`;
    const d = await ok(gql(t, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: 'Yayasan Audit', partnerKind: 'LSM', regionCode: '32.73', email: 'kontak@yayasan.test' },
    }, coordinator.token, { 'x-request-id': requestId, 'x-forwarded-for': '198.51.100.23' }));
    const [row] = await rowsFor(d.createOrganization.id);
    expect(row).toEqual({
      action: 'ORGANIZATION_CREATED', actor_id: coordinator.id, actor_role: 'COORDINATOR', actor_organization_id: orgs.dinsos,
      entity_type: 'Organization', entity_id: d.createOrganization.id, entity_organization_id: d.createOrganization.id,
      request_id: requestId, client_address: '198.51.100.23', details: { partnerKind: 'LSM', regionCode: '32.73' },
    });
  });

  it('audits every directory write', async () => {
    const svc = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: { organizationId: orgs.partner, name: 'IGD', needCategories: ['ANAK_KORBAN_KEKERASAN'], areaCodes: ['32.73'] },
    }, coordinator.token))).createService.id;
    await ok(gql(t, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: svc, minimumAge: 0, free: false } }, coordinator.token));
    await ok(gql(t, `mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED) { id } }`, { id: svc }, partner.token));
    await ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc, available: 2, maximum: 5 } }, partner.token));
    await ok(gql(t, `mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: svc }, coordinator.token));
    const rows = await rowsFor(svc);
    expect(rows.map((r) => [r.action, r.actor_role, r.entity_organization_id, r.details])).toEqual([
      ['SERVICE_CREATED', 'COORDINATOR', orgs.partner, {}],
      ['SERVICE_UPDATED', 'COORDINATOR', orgs.partner, { fields: ['free', 'minimumAge'] }],
      ['SERVICE_STATUS_SET', 'PARTNER_STAFF', orgs.partner, { from: 'ACTIVE', to: 'TEMPORARILY_CLOSED' }],
      ['SERVICE_CAPACITY_UPDATED', 'PARTNER_STAFF', orgs.partner, { available: 2, maximum: 5 }],
      ['SERVICE_VERIFIED', 'COORDINATOR', orgs.partner, {}],
    ]);

    const loc = (await ok(gql(t, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, {
      i: { organizationId: orgs.partner, name: 'Gedung A', regionCode: '32.73.20', addressLine: 'Jl. Pasteur 38', serviceIds: [svc] },
    }, coordinator.token))).createLocation.id;
    await ok(gql(t, `mutation($i: SetLocationScheduleInput!) { setLocationSchedule(input: $i) { id } }`, {
      i: { locationId: loc, schedules: [{ weekday: 1, opensAt: '08:00', closesAt: '16:00' }] },
    }, partner.token));
    expect(await actions(loc)).toEqual(['LOCATION_CREATED', 'LOCATION_SCHEDULE_SET']);

    await ok(gql(t, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, { i: { id: orgs.lk3, website: 'https://lk3.test' } }, coordinator.token));
    expect(await actions(orgs.lk3)).toEqual(['ORGANIZATION_CREATED', 'ORGANIZATION_UPDATED']);
    // No personal data (addresses, emails, names) in details.
    const all = JSON.stringify([...(await rowsFor(svc)), ...(await rowsFor(loc)), ...(await rowsFor(orgs.lk3))].map((r) => r.details));
    expect(all).not.toMatch(/Pasteur|lk3\.test|IGD|Gedung/);
  });

  it('audits user management, without personal data', async () => {
    const email = `audit-user-${Date.now()}@test.rujuk`;
    const u = (await ok(gql(t, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { email, name: 'Budi Santoso', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.partner },
    }, coordinator.token))).createUser.id;
    await ok(gql(t, `mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: u }, coordinator.token));
    await ok(gql(t, `mutation($id: ID!) { reactivateUser(id: $id) { id } }`, { id: u }, admin.token));
    await ok(gql(t, `mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { id } }`, { i: { userId: u, role: 'CASE_MANAGER' } }, admin.token));
    const rows = await rowsFor(u);
    expect(rows.map((r) => [r.action, r.actor_id, r.entity_organization_id])).toEqual([
      ['USER_CREATED', coordinator.id, orgs.partner],
      ['USER_DEACTIVATED', coordinator.id, orgs.partner],
      ['USER_REACTIVATED', admin.id, orgs.partner],
      ['USER_ROLE_CHANGED', admin.id, orgs.partner],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Budi|audit-user|correct-horse/);
  });

  it('a refused or failed write leaves no audit row (the row shares the write\'s transaction)', async () => {
    const svc = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: { organizationId: orgs.lk3, name: 'Konseling', needCategories: ['ANAK_KORBAN_KEKERASAN'], areaCodes: ['32.73'], capacity: { available: 1, maximum: 2 } },
    }, admin.token))).createService.id;
    expect(await errorOf(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc, available: 0 } }, partner.token)))
      .toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc, available: 9 } }, admin.token)))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.available' });
    expect(await actions(svc)).toEqual(['SERVICE_CREATED']);
  });

  it('recordRead writes a read of a client record with the given actor and the request\'s id and address, outside any transaction', async () => {
    const audit = t.app.get(AuditService);
    const clientId = '11111111-2222-4333-8444-555555555555';
    const actor = { id: partner.id, email: 'x', role: 'PARTNER_STAFF' as const, organizationId: orgs.partner, regionScope: null };
    await runWithRequestContext({ requestId: 'read-1', clientAddress: '10.0.0.7' }, () =>
      audit.recordRead(null, actor, { entityType: 'Client', entityId: clientId, entityOrganizationId: orgs.lk3, details: { categories: ['CONTACT'] } }));
    const [row] = await rowsFor(clientId);
    expect(row).toMatchObject({
      action: 'CLIENT_READ', actor_id: partner.id, actor_role: 'PARTNER_STAFF', actor_organization_id: orgs.partner,
      entity_type: 'Client', request_id: 'read-1', client_address: '10.0.0.7', details: { categories: ['CONTACT'] },
    });
  });

  it('auditTrail: admins see every entry, supervisors those by or about their organisation, others nothing', async () => {
    const svc = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: { organizationId: orgs.partner, name: 'Visum', needCategories: ['WANITA_KORBAN_KEKERASAN'], areaCodes: ['32.73'] },
    }, coordinator.token))).createService.id;
    for (let i = 0; i < 3; i++) {
      await ok(gql(t, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId: svc, available: i } }, partner.token));
    }
    const TRAIL = `query($id: ID!, $first: Int, $after: String) {
      auditTrail(entityType: "Service", entityId: $id, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { action actorId actorRole requestId clientAddress details at } } } }`;

    const all = await ok(gql(t, TRAIL, { id: svc, first: 100 }, admin.token));
    expect(all.auditTrail.totalCount).toBe(4);
    expect(all.auditTrail.edges.map((e: any) => e.node.action)).toEqual([
      'SERVICE_CREATED', 'SERVICE_CAPACITY_UPDATED', 'SERVICE_CAPACITY_UPDATED', 'SERVICE_CAPACITY_UPDATED',
    ]);
    expect(JSON.parse(all.auditTrail.edges[3].node.details)).toEqual({ available: 2, maximum: null });

    const page1 = await ok(gql(t, TRAIL, { id: svc, first: 3 }, admin.token));
    const page2 = await ok(gql(t, TRAIL, { id: svc, first: 3, after: page1.auditTrail.pageInfo.endCursor }, admin.token));
    expect(page1.auditTrail.pageInfo.hasNextPage).toBe(true);
    expect(page2.auditTrail.edges).toHaveLength(1);

    // The partner hospital's supervisor: the service is their organisation's, so they see all of it.
    const ownSupervisor = await userWithToken(t, 'SUPERVISOR', { organizationId: orgs.partner });
    expect((await ok(gql(t, TRAIL, { id: svc }, ownSupervisor.token))).auditTrail.totalCount).toBe(4);
    // The Dinas Sosial's supervisor: only what their own organisation's staff (the coordinator) did.
    const dinsosSupervisor = await userWithToken(t, 'SUPERVISOR', { organizationId: orgs.dinsos });
    const theirs = await ok(gql(t, TRAIL, { id: svc }, dinsosSupervisor.token));
    expect(theirs.auditTrail.edges.map((e: any) => [e.node.action, e.node.actorId])).toEqual([['SERVICE_CREATED', coordinator.id]]);
    // An unrelated organisation's supervisor: nothing.
    const lk3Supervisor = await userWithToken(t, 'SUPERVISOR', { organizationId: orgs.lk3 });
    expect((await ok(gql(t, TRAIL, { id: svc }, lk3Supervisor.token))).auditTrail.totalCount).toBe(0);

    for (const who of [coordinator, partner]) {
      expect(await errorOf(gql(t, TRAIL, { id: svc }, who.token))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_event, even to the owner of the table', async () => {
    // The runtime role the API connects as has no such privilege at all (database-roles.e2e-spec.ts); the
    // triggers hold for the owner too.
    await asOwner(async (owner) => {
      const { rows: [{ id }] } = await owner.query(`SELECT id FROM audit_event ORDER BY id DESC LIMIT 1`);
      await expect(owner.query(`UPDATE audit_event SET action = 'TAMPERED' WHERE id = $1`, [id])).rejects.toThrow(/append-only: UPDATE/);
      await expect(owner.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow(/append-only: DELETE/);
      await expect(owner.query(`UPDATE audit_event SET details = '{}' WHERE false`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only: TRUNCATE/);
      const { rows: [row] } = await owner.query(`SELECT action FROM audit_event WHERE id = $1`, [id]);
      expect(row.action).not.toBe('TAMPERED');
    });
  });
});
