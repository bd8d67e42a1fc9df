import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../common/viewer';
import { appendCaseEvent, caseForWork } from './case-access';
import { CaseEntity, ClientEntity, ConsentCategory, ConsentEntity, NeedEntity } from './cases.entity';
import type { SharingTarget } from './consent-scope';
import { ConsentsService } from './consents.service';
import { NeedChange, NeedsService } from './needs.service';

/**
 * The cases feature's door for features that work on a case inside their own transaction (referrals,
 * matching, follow-ups): the case and client a viewer may work on, the consents in force, and needs moving
 * with their referrals. Other features call these, never the cases tables or the cases services' internals.
 */
@Injectable()
export class CaseAccessService {
  /** The case and its client for work by the viewer (NOT_FOUND when out of reach; CONFLICT when `open` and closed). */
  forWork(tx: EntityManager, viewer: Viewer, caseId: string, opts: Parameters<typeof caseForWork>[3] = {}): Promise<{ kase: CaseEntity; client: ClientEntity }> {
    return caseForWork(tx, viewer, caseId, opts);
  }

  async caseOf(tx: EntityManager, caseId: string): Promise<CaseEntity> {
    return tx.getRepository(CaseEntity).findOneOrFail({ where: { id: caseId } });
  }

  async need(tx: EntityManager, needId: string): Promise<NeedEntity | null> {
    return tx.getRepository(NeedEntity).findOne({ where: { id: needId } });
  }

  async client(tx: EntityManager, clientId: string): Promise<ClientEntity> {
    return tx.getRepository(ClientEntity).findOneOrFail({ where: { id: clientId } });
  }

  consentsInForce(tx: EntityManager, clientId: string): Promise<ConsentEntity[]> {
    return ConsentsService.inForce(tx, clientId);
  }

  categoriesInForceFor(tx: EntityManager, clientId: string, target: SharingTarget): Promise<ConsentCategory[]> {
    return ConsentsService.categoriesInForceFor(tx, clientId, target);
  }

  /** Appends to the case's timeline (never updated, never deleted) and marks activity. */
  appendEvent(tx: EntityManager, e: Parameters<typeof appendCaseEvent>[1]): Promise<void> {
    return appendCaseEvent(tx, e);
  }

  /** Needs follow their referrals (REFERRED, BEING_SERVED, MET/NOT_MET, OPEN), each change a case event. */
  followReferrals(tx: EntityManager, changes: NeedChange[]): Promise<void> {
    return NeedsService.followReferrals(tx, changes);
  }
}
