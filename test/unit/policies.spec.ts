import {
  canEditService, canManageOrganization, 
  canSeeConfidentialLocation, canSeeStaleServices, canUpdateServiceOperations, canVerifyService,
  isPartnerOrganization, scopeOverlaps, withinScope,
} from '../../src/identity/policies';
import type { Role } from '../../src/common/viewer';
import { canChangeUserRole, canCreateUser, canManageUser, UserTarget, userListScope } from '../../src/users/users.policy';
import { auditTrailScope, canSeeAuditEntry } from '../../src/audit/audit.policy';
import type { Viewer } from '../../src/common/viewer';

const viewer = (role: Role, organizationId: string | null = 'org-own', regionScope: string | null = null, id = `u-${role}`): Viewer => ({
  id, email: `${role}@x`, role, organizationId, regionScope,
});
const admin = viewer('ADMIN', null);
const coordinatorJabar = viewer('COORDINATOR', 'dinsos', '32');
const coordinatorCimahi = viewer('COORDINATOR', 'dinsos', '32.77');
const supervisor = viewer('SUPERVISOR', 'lk3', '32.73');
const caseManager = viewer('CASE_MANAGER', 'lk3', '32.73');
const partner = viewer('PARTNER_STAFF', 'rs', '32.73');

const orgBandung = { id: 'rs', regionCode: '32.73', partnerKind: 'RUMAH_SAKIT' };
const orgCimahi = { id: 'lk3-cimahi', regionCode: '32.77.01', partnerKind: 'LK3' };
const orgPapua = { id: 'papua', regionCode: '91.71', partnerKind: 'LSM' };
const dinsos = { id: 'dinsos', regionCode: '32.73', partnerKind: 'DINAS_SOSIAL' };

describe('region scope', () => {
  it('withinScope: national, the region itself, a place below it, not a sibling or a parent', () => {
    expect(withinScope(null, '91.71')).toBe(true);
    expect(withinScope('32', '32')).toBe(true);
    expect(withinScope('32', '32.73.20.1001')).toBe(true);
    expect(withinScope('32.73', '32.77')).toBe(false);
    expect(withinScope('32.73', '32')).toBe(false);
  });
  it('scopeOverlaps: an area containing the scope, or inside it', () => {
    expect(scopeOverlaps('32.73', ['32'])).toBe(true);
    expect(scopeOverlaps('32', ['32.73.20'])).toBe(true);
    expect(scopeOverlaps('32.73', ['32.77', '91'])).toBe(false);
    expect(scopeOverlaps(null, [])).toBe(true);
  });
});

describe('directory policies', () => {
  it.each([
    ['admin', true, admin],
    ['coordinator of the province', true, coordinatorJabar],
    ['coordinator of another regency', false, coordinatorCimahi],
    ['supervisor', false, supervisor],
    ['case manager', false, caseManager],
    ['partner staff of the organisation', false, partner],
  ] as const)('full edits (organisation, service, verification) by %s: %s', (_who, expected, v) => {
    expect(canManageOrganization(v, orgBandung)).toBe(expected);
    expect(canEditService(v, orgBandung)).toBe(expected);
    expect(canVerifyService(v, orgBandung)).toBe(expected);
  });

  it('status, capacity and hours: also the organisation\'s own partner staff, and only theirs', () => {
    expect(canUpdateServiceOperations(partner, orgBandung)).toBe(true);
    expect(canUpdateServiceOperations(partner, orgCimahi)).toBe(false);
    expect(canUpdateServiceOperations(viewer('CASE_MANAGER', 'rs'), orgBandung)).toBe(false);
    expect(canUpdateServiceOperations(coordinatorCimahi, orgCimahi)).toBe(true);
    expect(canUpdateServiceOperations(coordinatorCimahi, orgPapua)).toBe(false);
  });

  it('confidential locations: own organisation, coordinators and admins', () => {
    const loc = { organizationId: 'shelter' };
    expect(canSeeConfidentialLocation(viewer('PARTNER_STAFF', 'shelter'), loc)).toBe(true);
    expect(canSeeConfidentialLocation(viewer('CASE_MANAGER', 'shelter'), loc)).toBe(true);
    expect(canSeeConfidentialLocation(coordinatorCimahi, loc)).toBe(true);
    expect(canSeeConfidentialLocation(admin, loc)).toBe(true);
    expect(canSeeConfidentialLocation(partner, loc)).toBe(false);
    expect(canSeeConfidentialLocation(caseManager, loc)).toBe(false);
    expect(canSeeConfidentialLocation(null, loc)).toBe(false);
  });

  it('stale services: directory keepers only', () => {
    expect([admin, coordinatorJabar, supervisor, caseManager, partner].map(canSeeStaleServices)).toEqual([true, true, false, false, false]);
  });
});

describe('user policies', () => {
  const staffOf = (organization: UserTarget['organization'], regionScope: string | null = organization?.regionCode ?? null, role: Role = 'PARTNER_STAFF'): UserTarget =>
    ({ role, organization, regionScope });

  it('partner organisations are all but the network\'s own office', () => {
    expect(isPartnerOrganization(orgBandung)).toBe(true);
    expect(isPartnerOrganization(dinsos)).toBe(false);
  });

  it('admins create any user', () => {
    expect(canCreateUser(admin, staffOf(null, null, 'ADMIN'))).toBe(true);
    expect(canCreateUser(admin, staffOf(orgPapua, '91', 'COORDINATOR'))).toBe(true);
  });

  it('coordinators create partner staff for partner organisations in their region, scoped inside it', () => {
    expect(canCreateUser(coordinatorJabar, staffOf(orgBandung))).toBe(true);
    expect(canCreateUser(coordinatorJabar, staffOf(orgBandung, '32'))).toBe(true);
    expect(canCreateUser(coordinatorCimahi, staffOf(orgBandung))).toBe(false);
    expect(canCreateUser(coordinatorCimahi, staffOf(orgCimahi, '32'))).toBe(false);
    expect(canCreateUser(coordinatorCimahi, staffOf(orgCimahi, null))).toBe(false);
    expect(canCreateUser(coordinatorJabar, staffOf(dinsos))).toBe(false);
    expect(canCreateUser(coordinatorJabar, staffOf(orgBandung, '32.73', 'CASE_MANAGER'))).toBe(false);
    expect(canCreateUser(coordinatorJabar, staffOf(null, null))).toBe(false);
  });

  it('nobody else creates users', () => {
    for (const v of [supervisor, caseManager, partner]) expect(canCreateUser(v, staffOf(orgBandung))).toBe(false);
  });

  it('deactivation: admins anyone but themselves; coordinators partner staff in their region', () => {
    expect(canManageUser(admin, { ...staffOf(orgPapua, '91', 'COORDINATOR'), id: 'someone' })).toBe(true);
    expect(canManageUser(admin, { ...staffOf(null, null, 'ADMIN'), id: admin.id })).toBe(false);
    expect(canManageUser(coordinatorJabar, { ...staffOf(orgBandung), id: 'p1' })).toBe(true);
    expect(canManageUser(coordinatorCimahi, { ...staffOf(orgBandung), id: 'p1' })).toBe(false);
    expect(canManageUser(coordinatorJabar, { ...staffOf(orgBandung, '32.73', 'CASE_MANAGER'), id: 'c1' })).toBe(false);
    expect(canManageUser(supervisor, { ...staffOf(orgBandung), id: 'p1' })).toBe(false);
    expect(canManageUser(partner, { ...staffOf(orgBandung), id: 'p2' })).toBe(false);
  });

  it('role changes: admins only, never their own', () => {
    expect(canChangeUserRole(admin, { id: 'x' })).toBe(true);
    expect(canChangeUserRole(admin, { id: admin.id })).toBe(false);
    expect(canChangeUserRole(coordinatorJabar, { id: 'x' })).toBe(false);
  });

  it('listing: admins all, coordinators their region, others not at all', () => {
    expect(userListScope(admin)).toEqual({ kind: 'all' });
    expect(userListScope(coordinatorJabar)).toEqual({ kind: 'region', regionScope: '32' });
    expect(userListScope(viewer('COORDINATOR', 'dinsos', null))).toEqual({ kind: 'all' });
    expect([supervisor, caseManager, partner].map(userListScope)).toEqual([null, null, null]);
  });
});

describe('audit policies', () => {
  it('admins see all; supervisors their organisation; others none', () => {
    expect(auditTrailScope(admin)).toEqual({ kind: 'all' });
    expect(auditTrailScope(supervisor)).toEqual({ kind: 'organization', organizationId: 'lk3' });
    expect([coordinatorJabar, caseManager, partner].map((v) => auditTrailScope(v).kind)).toEqual(['none', 'none', 'none']);
  });

  it('a supervisor sees entries by their organisation\'s staff or about their organisation\'s records', () => {
    expect(canSeeAuditEntry(supervisor, { actorOrganizationId: 'lk3', entityOrganizationId: 'rs' })).toBe(true);
    expect(canSeeAuditEntry(supervisor, { actorOrganizationId: 'dinsos', entityOrganizationId: 'lk3' })).toBe(true);
    expect(canSeeAuditEntry(supervisor, { actorOrganizationId: 'dinsos', entityOrganizationId: 'rs' })).toBe(false);
    expect(canSeeAuditEntry(supervisor, { actorOrganizationId: null, entityOrganizationId: null })).toBe(false);
    expect(canSeeAuditEntry(admin, { actorOrganizationId: null, entityOrganizationId: null })).toBe(true);
    expect(canSeeAuditEntry(caseManager, { actorOrganizationId: 'lk3', entityOrganizationId: 'lk3' })).toBe(false);
  });
});
