/**
 * The shape of the demo network: the real GraphQL input types of the directory, plus a key per
 * organisation and location (so the loader can find what it already created) and a verification age.
 */
import type { CreateLocationInput, CreateOrganizationInput, CreateServiceInput } from '../../src/directory/dto/directory.inputs';
import type { Role } from '../../src/common/viewer';

export type DemoLocation = Omit<CreateLocationInput, 'organizationId' | 'serviceIds'> & {
  /** Unique within the organisation; services name the locations they are offered at by this key. */
  key: string;
};

export type DemoService = Omit<CreateServiceInput, 'organizationId' | 'locationIds'> & {
  /** Keys of the organisation's locations where the service is offered. */
  at: string[];
  /** When a coordinator last confirmed the record (days before seeding); over 180 makes it stale. */
  verifiedDaysAgo: number;
};

export type DemoOrganization = Omit<CreateOrganizationInput, 'identifiers'> & {
  /** Stable demo identifier, stored as identifier scheme `rujuk-demo`: how a second run knows the record. */
  key: string;
  locations: DemoLocation[];
  services: DemoService[];
};

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  /** Key of the demo organisation the user belongs to (null only for ADMIN). */
  organization: string | null;
  regionScope: string | null;
}
