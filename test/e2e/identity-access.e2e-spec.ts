import { AuthService } from '../../src/identity/auth.service';
import type { Role } from '../../src/common/viewer';
import { errorOf, gql, GqlResponse, ok, startApp, TestApp, userWithToken } from '../support/harness';

/**
 * Who may do what, over HTTP, for every role. Each case prepares its own records (as an admin), so the
 * outcome of one case never depends on another.
 *  - COORDINATOR: region scope 32 (Jawa Barat), member of the Dinas Sosial.
 *  - PARTNER_STAFF: member of the partner hospital whose records the directory cases touch.
 *  - SUPERVISOR and CASE_MANAGER: members of an LK3 (a case-holding organisation).
 */
const ROLES: Role[] = ['ADMIN', 'COORDINATOR', 'SUPERVISOR', 'CASE_MANAGER', 'PARTNER_STAFF'];

describe('access control by role (directory and user management)', () => {
  let t: TestApp;
  let admin: string;
  const tokens = {} as Record<Role, string>;
  const orgs: Record<string, string> = {};
  let dummyHash: string;
  let seq = 0;

  const as = (token: string, query: string, vars: Record<string, unknown> = {}) => gql(t, query, vars, token);

  async function createOrg(name: string, partnerKind: string, regionCode: string): Promise<string> {
    const d = await ok(as(admin, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name, partnerKind, regionCode },
    }));
    return d.createOrganization.id;
  }
  async function createService(organizationId: string): Promise<string> {
    const d = await ok(as(admin, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: {
        organizationId, name: `Layanan ${++seq}`, needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'],
        areaCodes: ['32.73'], capacity: { available: 3, maximum: 10 },
      },
    }));
    return d.createService.id;
  }
  async function createLocation(organizationId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const d = await ok(as(admin, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, {
      i: { organizationId, name: `Lokasi ${++seq}`, regionCode: '32.73.20', ...extra },
    }));
    return d.createLocation.id;
  }
  /** A user straight in the database (no need to sign in as them). */
  async function insertUser(role: Role, organizationId: string | null, active = true): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO user_account (email, name, password_hash, role, organization_id, active)
       VALUES ($1, 'Staf', $2, $3, $4, $5) RETURNING id`,
      [`staff-${++seq}-${Date.now()}@test.rujuk`, dummyHash, role, organizationId, active],
    );
    return row.id;
  }

  interface Operation {
    name: string;
    allowed: Role[];
    /** Prepares the records the operation needs and returns the request to send. */
    run(token: string): Promise<GqlResponse>;
  }

  const operations: Operation[] = [
    {
      name: 'createOrganization (in the coordinator\'s region)',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { name: `Org ${++seq}`, partnerKind: 'LSM', regionCode: '32.73' },
      }),
    },
    {
      name: 'updateOrganization',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, {
        i: { id: orgs.partner, description: `edited ${++seq}` },
      }),
    },
    {
      name: 'createService',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
        i: { organizationId: orgs.partner, name: `Baru ${++seq}`, needCategories: ['ANAK_KORBAN_KEKERASAN'], areaCodes: ['32.73'] },
      }),
    },
    {
      name: 'updateService (eligibility and area)',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: async (token) => {
        const id = await createService(orgs.partner);
        return as(token, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id, minimumAge: 12, areaCodes: ['32'] } });
      },
    },
    {
      name: 'setServiceStatus (own organisation\'s service)',
      allowed: ['ADMIN', 'COORDINATOR', 'PARTNER_STAFF'],
      run: async (token) => {
        const id = await createService(orgs.partner);
        return as(token, `mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED) { id } }`, { id });
      },
    },
    {
      name: 'updateServiceCapacity (own organisation\'s service)',
      allowed: ['ADMIN', 'COORDINATOR', 'PARTNER_STAFF'],
      run: async (token) => {
        const serviceId = await createService(orgs.partner);
        return as(token, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, { i: { serviceId, available: 1 } });
      },
    },
    {
      name: 'verifyService',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: async (token) => {
        const id = await createService(orgs.partner);
        return as(token, `mutation($id: ID!) { verifyService(id: $id) { id } }`, { id });
      },
    },
    {
      name: 'createLocation',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }`, {
        i: { organizationId: orgs.partner, name: `Cabang ${++seq}`, regionCode: '32.73.20' },
      }),
    },
    {
      name: 'setLocationSchedule (own organisation\'s hours)',
      allowed: ['ADMIN', 'COORDINATOR', 'PARTNER_STAFF'],
      run: async (token) => {
        const locationId = await createLocation(orgs.partner);
        return as(token, `mutation($i: SetLocationScheduleInput!) { setLocationSchedule(input: $i) { id } }`, {
          i: { locationId, schedules: [{ weekday: 1, opensAt: '08:00', closesAt: '12:00' }] },
        });
      },
    },
    {
      name: 'staleServices',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `{ staleServices { totalCount } }`),
    },
    {
      name: 'createUser (partner staff of a partner organisation in the region)',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { email: `new-${++seq}-${Date.now()}@test.rujuk`, name: 'Staf Baru', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.partner },
      }),
    },
    {
      name: 'createUser (a case manager)',
      allowed: ['ADMIN'],
      run: (token) => as(token, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { email: `cm-${++seq}-${Date.now()}@test.rujuk`, name: 'Pekerja Sosial', password: 'correct-horse-battery', role: 'CASE_MANAGER', organizationId: orgs.lk3 },
      }),
    },
    {
      name: 'deactivateUser (partner staff)',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: async (token) => as(token, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: await insertUser('PARTNER_STAFF', orgs.partner) }),
    },
    {
      name: 'reactivateUser (partner staff)',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: async (token) => as(token, `mutation($id: ID!) { reactivateUser(id: $id) { active } }`, { id: await insertUser('PARTNER_STAFF', orgs.partner, false) }),
    },
    {
      name: 'deactivateUser (a case manager)',
      allowed: ['ADMIN'],
      run: async (token) => as(token, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: await insertUser('CASE_MANAGER', orgs.lk3) }),
    },
    {
      name: 'changeUserRole',
      allowed: ['ADMIN'],
      run: async (token) => as(token, `mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { role } }`, {
        i: { userId: await insertUser('CASE_MANAGER', orgs.lk3), role: 'SUPERVISOR' },
      }),
    },
    {
      name: 'users',
      allowed: ['ADMIN', 'COORDINATOR'],
      run: (token) => as(token, `{ users(first: 5) { totalCount } }`),
    },
    {
      name: 'auditTrail',
      allowed: ['ADMIN', 'SUPERVISOR'],
      run: (token) => as(token, `query($id: ID!) { auditTrail(entityType: "Organization", entityId: $id) { totalCount } }`, { id: orgs.partner }),
    },
  ];

  beforeAll(async () => {
    t = await startApp();
    dummyHash = await AuthService.hashPassword('not-used-for-login');
    admin = (await userWithToken(t, 'ADMIN')).token;
    orgs.dinsos = await createOrg('Dinas Sosial Kota Bandung', 'DINAS_SOSIAL', '32.73');
    orgs.partner = await createOrg('RSUD Kota Bandung', 'RUMAH_SAKIT', '32.73');
    orgs.other = await createOrg('Yayasan Lain', 'LSM', '32.73');
    orgs.lk3 = await createOrg('LK3 Kota Bandung', 'LK3', '32.73');
    orgs.papua = await createOrg('Yayasan Papua', 'LSM', '91.71');
    tokens.ADMIN = admin;
    tokens.COORDINATOR = (await userWithToken(t, 'COORDINATOR', { organizationId: orgs.dinsos, regionScope: '32' })).token;
    tokens.SUPERVISOR = (await userWithToken(t, 'SUPERVISOR', { organizationId: orgs.lk3, regionScope: '32.73' })).token;
    tokens.CASE_MANAGER = (await userWithToken(t, 'CASE_MANAGER', { organizationId: orgs.lk3, regionScope: '32.73' })).token;
    tokens.PARTNER_STAFF = (await userWithToken(t, 'PARTNER_STAFF', { organizationId: orgs.partner, regionScope: '32.73' })).token;
  });
  afterAll(async () => {
    await t.close();
  });

  const table = operations.flatMap((op) => ROLES.map((role) => ({ op, role, allowed: op.allowed.includes(role) })));

  it.each(table.map((c) => [c.op.name, c.role, c.allowed ? 'allowed' : 'FORBIDDEN', c] as const))(
    '%s as %s: %s',
    async (_name, role, _expect, c) => {
      const r = await c.op.run(tokens[role]);
      if (c.allowed) {
        expect(r.errors).toBeUndefined();
        expect(r.data).toBeTruthy();
      } else {
        expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    },
  );

  it('a coordinator cannot act outside their region', async () => {
    const coordinator = tokens.COORDINATOR;
    const papuaService = await createService(orgs.papua);
    expect(await errorOf(as(coordinator, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { name: 'Luar Wilayah', partnerKind: 'LSM', regionCode: '91.71' },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(as(coordinator, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, {
      i: { serviceId: papuaService, available: 0 },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(as(coordinator, `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { id } }`, {
      i: { id: orgs.partner, regionCode: '91.71' },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(as(coordinator, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { email: `papua-${Date.now()}@test.rujuk`, name: 'Staf', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.papua },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(as(coordinator, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, {
      id: await insertUser('PARTNER_STAFF', orgs.papua),
    }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a coordinator cannot create staff for the network\'s own office (not a partner organisation)', async () => {
    expect(await errorOf(as(tokens.COORDINATOR, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { email: `dinsos-${Date.now()}@test.rujuk`, name: 'Staf', password: 'correct-horse-battery', role: 'PARTNER_STAFF', organizationId: orgs.dinsos },
    }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a partner user changing another organisation\'s capacity is refused and nothing changes', async () => {
    const serviceId = await createService(orgs.other);
    const before = await t.db.query(
      `SELECT capacity_available, capacity_maximum, capacity_updated_at, status, version, updated_at FROM service WHERE id = $1`,
      [serviceId],
    );
    const capacity = await errorOf(as(tokens.PARTNER_STAFF, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { id } }`, {
      i: { serviceId, available: 0, maximum: 1 },
    }));
    expect(capacity.code).toBe('FORBIDDEN');
    const status = await errorOf(as(tokens.PARTNER_STAFF, `mutation($id: ID!) { setServiceStatus(id: $id, status: INACTIVE) { id } }`, { id: serviceId }));
    expect(status.code).toBe('FORBIDDEN');
    const after = await t.db.query(
      `SELECT capacity_available, capacity_maximum, capacity_updated_at, status, version, updated_at FROM service WHERE id = $1`,
      [serviceId],
    );
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({ capacity_available: 3, capacity_maximum: 10, status: 'ACTIVE' });
    const audit = await t.db.query(`SELECT action FROM audit_event WHERE entity_type = 'Service' AND entity_id = $1 ORDER BY id`, [serviceId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['SERVICE_CREATED']);
  });

  it('a partner user may not edit their own service beyond status, capacity and hours', async () => {
    const id = await createService(orgs.partner);
    expect(await errorOf(as(tokens.PARTNER_STAFF, `mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, {
      i: { id, name: 'Nama Baru' },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    const d = await ok(as(tokens.PARTNER_STAFF, `mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) { capacity { available } } }`, {
      i: { serviceId: id, available: 0 },
    }));
    expect(d.updateServiceCapacity.capacity.available).toBe(0);
  });

  it('a confidential location\'s address is visible to its own organisation and coordinators only', async () => {
    const shelter = await createOrg('Rumah Aman', 'LSM', '32.73');
    const loc = await createLocation(shelter, {
      name: 'Rumah Aman', addressLine: 'Jl. Rahasia 7', latitude: -6.9, longitude: 107.6, confidential: true,
    });
    const service = await ok(as(admin, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, {
      i: { organizationId: shelter, name: 'Rumah Aman', needCategories: ['WANITA_KORBAN_KEKERASAN'], areaCodes: ['32.73'], locationIds: [loc] },
    }));
    const shelterStaff = (await userWithToken(t, 'PARTNER_STAFF', { organizationId: shelter })).token;
    const read = async (token: string) => {
      const d = await ok(as(token, `query($id: ID!) { service(id: $id) { locations { addressLine latitude longitude regionCode addressHidden } } }`, {
        id: service.createService.id,
      }));
      return d.service.locations[0];
    };
    const visible = { addressLine: 'Jl. Rahasia 7', latitude: -6.9, longitude: 107.6, regionCode: '32.73.20', addressHidden: false };
    const hidden = { addressLine: null, latitude: null, longitude: null, regionCode: '32.73', addressHidden: true };
    expect(await read(shelterStaff)).toEqual(visible);
    expect(await read(tokens.COORDINATOR)).toEqual(visible);
    expect(await read(admin)).toEqual(visible);
    expect(await read(tokens.CASE_MANAGER)).toEqual(hidden);
    expect(await read(tokens.SUPERVISOR)).toEqual(hidden);
    expect(await read(tokens.PARTNER_STAFF)).toEqual(hidden);
  });
});
