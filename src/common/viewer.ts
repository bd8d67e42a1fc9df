/** The roles a user holds (one each). */
export const ROLES = ['ADMIN', 'COORDINATOR', 'SUPERVISOR', 'CASE_MANAGER', 'PARTNER_STAFF'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as policies see it. */
export interface Viewer {
  id: string;
  email: string;
  role: Role;
  organizationId: string | null;
  /** A region code at any level; null means the whole country. */
  regionScope: string | null;
}
