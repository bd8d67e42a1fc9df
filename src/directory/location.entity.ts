import type { Identifier } from './organization.entity';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

@Entity('location')
export class LocationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) addressLine: string | null;
  @Column('text', { nullable: true }) postalCode: string | null;
  @Column('varchar', { length: 13 }) regionCode: string;
  @Column('double precision', { nullable: true }) latitude: number | null;
  @Column('double precision', { nullable: true }) longitude: number | null;
  @Column('text', { default: 'Asia/Jakarta' }) timeZone: TimeZone;
  @Column('text', { nullable: true }) accessibility: string | null;
  @Column('boolean', { default: false }) confidential: boolean;
  /** The source records an import made it from. */
  @Column('jsonb', { default: () => "'[]'" }) identifiers: Identifier[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('service_at_location')
export class ServiceAtLocationEntity {
  @PrimaryColumn('uuid') serviceId: string;
  @PrimaryColumn('uuid') locationId: string;
}

@Entity('schedule')
export class ScheduleEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') locationId: string;
  /** ISO weekday, 1 = Monday. */
  @Column('smallint') weekday: number;
  /** 'HH:MM' or 'HH:MM:SS' in the location's time zone. */
  @Column('time') opensAt: string;
  @Column('time') closesAt: string;
}
