import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../common/viewer';

@Entity('user_account')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text', { select: false }) passwordHash: string;
  @Column('boolean', { default: true }) active: boolean;
  @Column('uuid', { nullable: true }) organizationId: string | null;
  @Column('text') role: Role;
  @Column('varchar', { length: 13, nullable: true }) regionScope: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) deactivatedAt: Date | null;
}
