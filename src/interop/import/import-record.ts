/**
 * The shapes an import passes through: a source row as the file gives it (every value as written), and the
 * normalised records the directory is written from. Plain data, no Nest.
 */
import type { ImportedOrganization } from '../../directory/directory-import.types';

export type { ImportedLocation, ImportedOrganization, ImportedService } from '../../directory/directory-import.types';

export const IMPORT_FORMATS = ['hsds-json', 'hsds-csv', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A value as a file gives it: text, a number, or nothing. */
export type Raw = string | number | boolean | null | undefined;

export interface SourceLocation {
  id?: Raw;
  name?: Raw;
  description?: Raw;
  address?: Raw;
  postalCode?: Raw;
  province?: Raw;
  regency?: Raw;
  district?: Raw;
  village?: Raw;
  regionCode?: Raw;
  latitude?: Raw;
  longitude?: Raw;
  phones?: Raw[];
  schedules?: { weekday: Raw; opensAt: Raw; closesAt: Raw }[];
  /** Whether the address must never be published (a shelter): yes/no, true/false, ya/tidak, 1/0. */
  confidential?: Raw;
}

/** One service with its organisation and locations, as read from a file (HSDS or a spreadsheet). */
export interface SourceRow {
  /** Line (CSV) or record number (JSON), 1-based, for the report. */
  line: number;
  /** The scheme the source's own ids are kept under in `identifiers` ('hsds' for HSDS ids). */
  scheme: 'hsds' | 'import';
  organization: {
    id?: Raw;
    name?: Raw;
    description?: Raw;
    email?: Raw;
    website?: Raw;
    phones?: Raw[];
    partnerKind?: Raw;
    legalStatus?: Raw;
    identifiers?: { scheme: Raw; identifier: Raw }[];
  };
  service: {
    id?: Raw;
    name?: Raw;
    description?: Raw;
    email?: Raw;
    url?: Raw;
    status?: Raw;
    minimumAge?: Raw;
    maximumAge?: Raw;
    /** Labels as written: PMKS codes, or their Indonesian or English names. */
    needCategories?: Raw[];
    serviceTypes?: Raw[];
    /** Region names or codes the service covers; default: the regency of its first location. */
    areas?: { code?: Raw; name?: Raw; province?: Raw }[];
    languages?: Raw[];
    fees?: Raw;
    requiredDocuments?: Raw[];
  };
  locations: SourceLocation[];
}

/** One problem of one row: what the dry-run report lists. */
export interface RowIssue {
  line: number;
  field: string;
  rule: string;
  value: string | null;
}

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

/** A valid row: its organisation with this one service (and its locations). */
export interface NormalisedRow {
  line: number;
  organization: ImportedOrganization;
}
