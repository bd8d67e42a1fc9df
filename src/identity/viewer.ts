import type { Role } from './user.entity';

/** The authenticated caller, as policies see it. */
export interface Viewer {
  id: string;
  email: string;
  role: Role;
  organizationId: string | null;
  /** A region code at any level; null means the whole country. */
  regionScope: string | null;
}
