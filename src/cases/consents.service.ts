import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { canReadClient } from './case.policy';
import { CaseEntity, ClientEntity, ConsentCategory, ConsentEntity } from './cases.entity';
import { toConsentType } from './cases.mappers';
import { ConsentType } from './cases.types';
import { RecordConsentInput } from './dto/cases.inputs';

/** What a client agreed to share, for what purpose, how and when; withdrawable at any time. */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async record(viewer: Viewer, input: RecordConsentInput): Promise<ConsentType> {
    const givenAt = input.givenAt ? new Date(input.givenAt) : new Date();
    if (Number.isNaN(givenAt.getTime()) || givenAt.getTime() > Date.now() + 60_000) throw AppError.badInput('input.givenAt', 'must be a time not in the future');
    return this.db.transaction(async (tx) => {
      const client = await tx.getRepository(ClientEntity).findOne({ where: { id: input.clientId } });
      if (!client || !canReadClient(viewer, client)) throw AppError.badInput('input.clientId', 'no such client within your reach');
      if (input.caseId) {
        const kase = await tx.getRepository(CaseEntity).findOne({ where: { id: input.caseId, clientId: client.id } });
        if (!kase) throw AppError.badInput('input.caseId', 'is not a case of this client');
      }
      const repo = tx.getRepository(ConsentEntity);
      const consent = await repo.save(repo.create({
        clientId: client.id, caseId: input.caseId ?? null, categories: [...new Set(input.categories)] as ConsentCategory[],
        purpose: input.purpose, method: input.method, givenAt, recordedBy: viewer.id,
      }));
      await this.audit.record(tx, { action: 'CONSENT_RECORDED', entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { consentId: consent.id, categories: consent.categories } });
      return toConsentType(consent);
    });
  }

  async withdraw(viewer: Viewer, consentId: string): Promise<ConsentType> {
    return this.db.transaction(async (tx) => {
      const consent = await tx.getRepository(ConsentEntity).findOne({ where: { id: consentId }, lock: { mode: 'pessimistic_write' } });
      if (!consent) throw AppError.notFound('Consent', consentId);
      const client = await tx.getRepository(ClientEntity).findOneOrFail({ where: { id: consent.clientId } });
      if (!canReadClient(viewer, client)) throw AppError.notFound('Consent', consentId);
      if (consent.withdrawnAt) return toConsentType(consent);
      consent.withdrawnAt = new Date();
      consent.withdrawnBy = viewer.id;
      await tx.getRepository(ConsentEntity).save(consent);
      await this.audit.record(tx, { action: 'CONSENT_WITHDRAWN', entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { consentId } });
      return toConsentType(consent);
    });
  }

  /** The consents in force for a client now (not withdrawn), newest first. */
  static inForce(manager: EntityManager, clientId: string): Promise<ConsentEntity[]> {
    return manager.getRepository(ConsentEntity).find({ where: { clientId, withdrawnAt: IsNull() }, order: { givenAt: 'DESC' } });
  }

  /** The union of categories the client currently agrees to share. */
  static async categoriesInForce(manager: EntityManager, clientId: string): Promise<ConsentCategory[]> {
    const consents = await ConsentsService.inForce(manager, clientId);
    return [...new Set(consents.flatMap((c) => c.categories))].sort() as ConsentCategory[];
  }
}
