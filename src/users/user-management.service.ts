import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError, isUniqueViolation } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import { OrganizationEntity } from '../directory/organization.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { AuthService } from '../identity/auth.service';
import { toUserType, UserType } from '../identity/identity.types';
import { ChangeUserRoleInput, CreateUserInput, UsersArgs } from './dto/users.inputs';
import { withinScope } from '../identity/policies';
import { canChangeUserRole, canCreateUser, canManageUser, UserTarget, userListScope } from './users.policy';
import { UserEntity } from '../identity/user.entity';
import type { Viewer } from '../common/viewer';

/**
 * Users managed through the API: admins create, deactivate, reactivate and change roles; coordinators
 * create (and deactivate) partner staff for partner organisations in their region. Every change is one
 * transaction with its audit row.
 */
@Injectable()
export class UserManagementService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  private static async organizationOf(tx: EntityManager, id: string | null): Promise<OrganizationEntity | null> {
    return id ? tx.getRepository(OrganizationEntity).findOne({ where: { id } }) : null;
  }

  private static target(user: { id?: string; role: UserEntity['role']; regionScope: string | null }, org: OrganizationEntity | null): UserTarget {
    return {
      id: user.id, role: user.role, regionScope: user.regionScope,
      organization: org ? { id: org.id, regionCode: org.regionCode, partnerKind: org.partnerKind } : null,
    };
  }

  async create(viewer: Viewer, input: CreateUserInput): Promise<UserType> {
    if (userListScope(viewer) === null) throw AppError.forbidden('Only admins and coordinators create users');
    if (input.role !== 'ADMIN' && !input.organizationId) {
      throw AppError.badInput('input.organizationId', `is required for role ${input.role}`);
    }
    if (input.regionScope !== undefined) await this.taxonomy.assertRegions('input.regionScope', [input.regionScope]);
    const passwordHash = await AuthService.hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const org = await UserManagementService.organizationOf(tx, input.organizationId ?? null);
      if (input.organizationId && !org) throw AppError.badInput('input.organizationId', 'no such organisation');
      const regionScope = input.regionScope ?? (viewer.role === 'ADMIN' ? null : (org?.regionCode ?? null));
      if (!canCreateUser(viewer, UserManagementService.target({ role: input.role, regionScope }, org))) {
        throw AppError.forbidden('Coordinators may create partner staff only, for partner organisations within their region');
      }
      const repo = tx.getRepository(UserEntity);
      let saved: UserEntity;
      try {
        saved = await repo.save(repo.create({
          email: input.email.trim(), name: input.name.trim(), passwordHash, role: input.role,
          organizationId: org?.id ?? null, regionScope, active: true,
        }));
      } catch (err) {
        if (isUniqueViolation(err)) throw AppError.conflict('A user with this email exists', { field: 'input.email' });
        throw err;
      }
      await this.audit.record(tx, viewer, {
        action: 'USER_CREATED', entityType: 'User', entityId: saved.id, entityOrganizationId: saved.organizationId,
        details: { role: saved.role, regionScope: saved.regionScope },
      });
      return toUserType(saved);
    });
  }

  private async changeActive(viewer: Viewer, id: string, active: boolean): Promise<UserType> {
    if (!isUUID(id)) throw AppError.badInput('id', 'must be an id');
    const changed = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppError.notFound('User', id);
      const org = await UserManagementService.organizationOf(tx, user.organizationId);
      if (!canManageUser(viewer, UserManagementService.target(user, org))) {
        throw AppError.forbidden(user.id === viewer.id ? 'You may not change your own account' : 'You may not manage this user');
      }
      if (user.active === active) return toUserType(user);
      user.active = active;
      user.deactivatedAt = active ? null : new Date();
      const saved = await repo.save(user);
      await this.audit.record(tx, viewer, {
        action: active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', entityType: 'User', entityId: user.id,
        entityOrganizationId: user.organizationId,
      });
      return toUserType(saved);
    });
    this.auth.userCommitted(id);
    return changed;
  }

  /** A deactivated user cannot sign in, and tokens already issued stop working (the guard reloads the user). */
  deactivate(viewer: Viewer, id: string): Promise<UserType> {
    return this.changeActive(viewer, id, false);
  }

  reactivate(viewer: Viewer, id: string): Promise<UserType> {
    return this.changeActive(viewer, id, true);
  }

  async changeRole(viewer: Viewer, input: ChangeUserRoleInput): Promise<UserType> {
    if (viewer.role !== 'ADMIN') throw AppError.forbidden('Only admins change roles');
    const changed = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id: input.userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw AppError.notFound('User', input.userId);
      if (!canChangeUserRole(viewer, user)) throw AppError.forbidden('You may not change your own role');
      if (input.role !== 'ADMIN' && !user.organizationId) {
        throw AppError.badInput('input.role', `${input.role} needs an organisation and this user has none`);
      }
      if (user.role === input.role) return toUserType(user);
      const from = user.role;
      user.role = input.role;
      const saved = await repo.save(user);
      await this.audit.record(tx, viewer, {
        action: 'USER_ROLE_CHANGED', entityType: 'User', entityId: user.id, entityOrganizationId: user.organizationId,
        details: { from, to: input.role },
      });
      return toUserType(saved);
    });
    this.auth.userCommitted(input.userId);
    return changed;
  }

  async list(viewer: Viewer, args: UsersArgs): Promise<ConnectionShape<UserType>> {
    const scope = userListScope(viewer);
    if (!scope) throw AppError.forbidden('Only admins and coordinators list users');
    const window = pageWindow(args);
    const qb = this.db.getRepository(UserEntity).createQueryBuilder('u');
    if (args.organizationId) {
      if (scope.kind === 'region') {
        const org = await this.db.getRepository(OrganizationEntity).findOne({ where: { id: args.organizationId } });
        if (org && !withinScope(scope.regionScope, org.regionCode)) {
          throw AppError.forbidden('This organisation lies outside your region');
        }
      }
      qb.andWhere('u.organization_id = :org', { org: args.organizationId });
    }
    if (scope.kind === 'region') {
      qb.innerJoin(OrganizationEntity, 'o', 'o.id = u.organization_id')
        .andWhere('(o.region_code = :rc OR o.region_code LIKE :rcPrefix)', { rc: scope.regionScope, rcPrefix: `${scope.regionScope}.%` });
    }
    qb.orderBy('u.email').addOrderBy('u.id').skip(window.offset).take(window.limit);
    const [rows, total] = await qb.getManyAndCount();
    return toConnection(rows.map(toUserType), total, window);
  }
}
