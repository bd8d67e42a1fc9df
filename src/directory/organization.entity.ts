import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export interface Phone {
  number: string;
  type?: string | null;
  description?: string | null;
}
export interface Identifier {
  scheme: string;
  identifier: string;
}
export interface ReferralContact {
  name?: string | null;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
}

@Entity('organization')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') partnerKind: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('jsonb', { default: () => "'[]'" }) phones: Phone[];
  @Column('text', { nullable: true }) legalStatus: string | null;
  @Column('jsonb', { default: () => "'[]'" }) identifiers: Identifier[];
  @Column('varchar', { length: 13 }) regionCode: string;
  @Column('jsonb', { nullable: true }) referralContact: ReferralContact | null;
  @Column('boolean', { default: true }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
