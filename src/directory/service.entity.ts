import type { Identifier } from './organization.entity';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export type ServiceStatus = 'ACTIVE' | 'INACTIVE' | 'DEFUNCT' | 'TEMPORARILY_CLOSED';
export type SexCode = 'F' | 'M';

@Entity('service')
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) needCategories: string[];
  @Column('text', { array: true, default: () => "'{}'" }) serviceTypes: string[];
  @Column('int', { nullable: true }) minimumAge: number | null;
  @Column('int', { nullable: true }) maximumAge: number | null;
  @Column('char', { length: 1, nullable: true }) sex: SexCode | null;
  @Column('text', { array: true, default: () => "'{}'" }) requiredDocuments: string[];
  @Column('boolean', { default: true }) free: boolean;
  @Column('text', { nullable: true }) costDescription: string | null;
  @Column('text', { array: true, default: () => "'{id}'" }) languages: string[];
  @Column('text', { array: true, default: () => "'{}'" }) areaCodes: string[];
  /** One 'region|category' key per covered region x served category (derived; see coverageKeys()). */
  @Column('text', { array: true, default: () => "'{}'" }) coverageKeys: string[];
  @Column('text', { default: 'ACTIVE' }) status: ServiceStatus;
  @Column('boolean', { default: true }) acceptsReferrals: boolean;
  @Column('int', { nullable: true }) deadlineEmergencyMinutes: number | null;
  @Column('int', { nullable: true }) deadlineUrgentMinutes: number | null;
  @Column('int', { nullable: true }) deadlineRoutineMinutes: number | null;
  @Column('int', { nullable: true }) capacityAvailable: number | null;
  @Column('int', { nullable: true }) capacityMaximum: number | null;
  @Column('text', { nullable: true }) capacityUnit: string | null;
  @Column('timestamptz', { nullable: true }) capacityUpdatedAt: Date | null;
  /** When full, whether the provider keeps a waiting list (ranks between room and full). */
  @Column('boolean', { default: false }) capacityWaitlist: boolean;
  @Column('timestamptz', { nullable: true }) verifiedAt: Date | null;
  @Column('uuid', { nullable: true }) verifiedBy: string | null;
  @Column('timestamptz', { nullable: true }) staleSince: Date | null;
  /** The source records an import made it from (HSDS ids, spreadsheet keys). */
  @Column('jsonb', { default: () => "'[]'" }) identifiers: Identifier[];
  /** File labels that mapped to no PMKS category or service type: an imported draft for a coordinator to classify. */
  @Column('text', { array: true, default: () => "'{}'" }) unmappedLabels: string[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** The precomputed keys that let one GIN index answer "covers this place for this need". */
export function coverageKeys(areaCodes: string[], needCategories: string[]): string[] {
  const keys: string[] = [];
  for (const area of areaCodes) for (const cat of needCategories) keys.push(`${area}|${cat}`);
  return keys;
}
