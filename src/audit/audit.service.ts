import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { requestContextOf } from '../common/request-context';
import type { Viewer } from '../common/viewer';

/** What an audit row says. Actions are `ENTITY_VERB` codes (SERVICE_CAPACITY_UPDATED, CLIENT_READ, ...). */
export interface AuditEntry {
  action: string;
  /** The GraphQL type name of the record: Organization, Service, Location, User, Client, Case, Referral. */
  entityType: string;
  entityId: string;
  /** The organisation the record belongs to; lets a supervisor see the trail of their organisation's records. */
  entityOrganizationId?: string | null;
  /** Codes, field names and counts only: never names, addresses, notes or other personal data. */
  details?: Record<string, unknown>;
}

/** The system itself (jobs, schedules, a failed sign-in that names no one): audited with role `SYSTEM`. */
export const SYSTEM_ACTOR = 'SYSTEM' as const;

/**
 * Who did it: the viewer the caller already holds, or SYSTEM_ACTOR. Always passed explicitly, never taken from
 * the request context, which exists only for HTTP requests (a read over a WebSocket subscription has none).
 */
export type AuditActor = Viewer | typeof SYSTEM_ACTOR | LinkActor;

/**
 * A receiving organisation without an account, acting through a single-referral link: audited with role
 * `LINK`, the link's id as the actor id and the organisation as the actor's organisation.
 */
export interface LinkActor {
  kind: 'LINK';
  linkId: string;
  organizationId: string;
}

export function isLinkActor(actor: AuditActor): actor is LinkActor {
  return typeof actor === 'object' && 'kind' in actor && actor.kind === 'LINK';
}

/**
 * Writes the append-only audit trail. `record` takes the caller's EntityManager so the audit row commits
 * or rolls back with the change it describes, and the actor explicitly. Request id and client address come
 * from the request the actor acts in (request-context.ts actorInRequest: the auth guard's viewer of each request,
 * a link's actor), or from the job's context in a worker; null over WebSocket.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `request`: the request it happens in, for an actor that does not carry one (SYSTEM_ACTOR refusing a login). */
  async record(manager: EntityManager, actor: AuditActor, entry: AuditEntry, request?: unknown): Promise<void> {
    await this.recordMany(manager, actor, [entry], request);
  }

  /** Several rows in one INSERT (a listed page of clients is one read of each). */
  async recordMany(manager: EntityManager, actor: AuditActor, entries: AuditEntry[], request?: unknown): Promise<void> {
    if (!entries.length) return;
    // The request the actor acts in (actorInRequest) or the one given, else the job's context in a worker.
    const ctx = requestContextOf(request ?? actor);
    const who = actor === SYSTEM_ACTOR
      ? { actor_id: null, actor_role: 'SYSTEM', actor_organization_id: null }
      : isLinkActor(actor) ? { actor_id: actor.linkId, actor_role: 'LINK', actor_organization_id: actor.organizationId }
        : { actor_id: actor.id, actor_role: actor.role, actor_organization_id: actor.organizationId };
    const rows = entries.map((entry) => ({
      ...who, action: entry.action, entity_type: entry.entityType, entity_id: entry.entityId,
      entity_organization_id: entry.entityOrganizationId ?? null, details: entry.details ?? {},
    }));
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_role, actor_organization_id, action, entity_type, entity_id,
                                entity_organization_id, request_id, client_address, details)
       SELECT x.actor_id, x.actor_role, x.actor_organization_id, x.action, x.entity_type, x.entity_id,
              x.entity_organization_id, $2, $3::inet, x.details
         FROM jsonb_to_recordset($1::jsonb) AS x(actor_id uuid, actor_role text, actor_organization_id uuid, action text,
              entity_type text, entity_id text, entity_organization_id uuid, details jsonb)`,
      [JSON.stringify(rows), ctx?.requestId ?? null, ctx?.clientAddress ?? null],
    );
  }


  /**
   * Records that a client's record was read (action `<ENTITY>_READ`). Pass the read's EntityManager when
   * it runs in a transaction; otherwise the row is written on its own.
   */
  async recordRead(
    manager: EntityManager | null,
    actor: AuditActor,
    entry: Omit<AuditEntry, 'action'> & { action?: string },
  ): Promise<void> {
    const action = entry.action ?? `${entry.entityType.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_READ`;
    await this.record(manager ?? this.db.manager, actor, { ...entry, action });
  }
}
