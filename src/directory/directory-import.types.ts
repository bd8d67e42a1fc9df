import type { Identifier, Phone } from './organization.entity';
import type { TimeZone } from './location.entity';
import type { ServiceStatus } from './service.entity';

/**
 * Directory records as an import hands them to the directory (already validated with the mutations' rules):
 * each keyed by the source's identifier, which is kept in the record's `identifiers` so a second import of the
 * same file finds and updates (or leaves alone) what the first created.
 */
export interface ImportedLocation {
  key: Identifier;
  name: string;
  description: string | null;
  addressLine: string | null;
  postalCode: string | null;
  regionCode: string;
  latitude: number | null;
  longitude: number | null;
  timeZone: TimeZone;
  /** The address and coordinates are never published (a shelter). */
  confidential: boolean;
  schedules: { weekday: number; opensAt: string; closesAt: string }[];
}

export interface ImportedService {
  key: Identifier;
  name: string;
  description: string | null;
  needCategories: string[];
  serviceTypes: string[];
  areaCodes: string[];
  minimumAge: number | null;
  maximumAge: number | null;
  languages: string[];
  free: boolean;
  costDescription: string | null;
  requiredDocuments: string[];
  status: ServiceStatus;
  /** Labels the file gave that map to no PMKS category or service type: the service is an inactive draft to classify. */
  unmappedLabels: string[];
  /** Keys of the organisation's imported locations where it is offered. */
  locationKeys: string[];
}

export interface ImportedOrganization {
  key: Identifier;
  name: string;
  partnerKind: string;
  description: string | null;
  website: string | null;
  email: string | null;
  phones: Phone[];
  legalStatus: string | null;
  /** Other identifiers the source gives (tax or registration numbers), kept beside the key. */
  otherIdentifiers: Identifier[];
  regionCode: string;
  services: ImportedService[];
  locations: ImportedLocation[];
}

export interface ImportWriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What applying one organisation did to each of its services (by service key identifier). */
export type ServiceOutcomes = Map<string, 'created' | 'updated' | 'unchanged'>;
