import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { Viewer } from '../common/viewer';
import { canReadClient } from './case.policy';
import { categoriesFor, SharingTarget } from './consent-scope';
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
      if (!client || !canReadClient(viewer, client)) throw AppError.notFound('Client', input.clientId);
      if (input.caseId) {
        const kase = await tx.getRepository(CaseEntity).findOne({ where: { id: input.caseId, clientId: client.id } });
        if (!kase) throw AppError.badInput('input.caseId', 'is not a case of this client');
      }
      const recipients = [...new Set(input.recipientOrganizationIds ?? [])];
      if (recipients.length) {
        const found: { id: string }[] = await tx.query(`SELECT id FROM organization WHERE id = ANY($1::uuid[])`, [recipients]);
        const unknown = recipients.filter((id) => !found.some((f) => f.id === id));
        if (unknown.length) throw AppError.badInput('input.recipientOrganizationIds', `no such organisation: ${unknown.join(', ')}`);
      }
      if (input.referralId) {
        const [referral] = await tx.query(`SELECT case_id FROM referral WHERE id = $1 AND client_id = $2`, [input.referralId, client.id]);
        if (!referral) throw AppError.badInput('input.referralId', 'is not a referral of this client');
        if (input.caseId && referral.case_id !== input.caseId) throw AppError.badInput('input.referralId', 'is not a referral of this case');
      }
      const repo = tx.getRepository(ConsentEntity);
      const consent = await repo.save(repo.create({
        clientId: client.id, caseId: input.caseId ?? null, categories: [...new Set(input.categories)] as ConsentCategory[],
        recipientOrganizationIds: recipients, referralId: input.referralId ?? null,
        purpose: input.purpose, method: input.method, givenAt, recordedBy: viewer.id,
      }));
      await this.audit.record(tx, viewer, { action: 'CONSENT_RECORDED', entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { consentId: consent.id, categories: consent.categories, recipientOrganizationIds: recipients, referralId: consent.referralId } });
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
      await this.audit.record(tx, viewer, { action: 'CONSENT_WITHDRAWN', entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { consentId } });
      return toConsentType(consent);
    });
  }

  /** The consents in force for a client now (not withdrawn), newest first. */
  static inForce(manager: EntityManager, clientId: string): Promise<ConsentEntity[]> {
    return manager.getRepository(ConsentEntity).find({ where: { clientId, withdrawnAt: IsNull() }, order: { givenAt: 'DESC' } });
  }

  /** The categories the consents in force let this referral share with its recipient (see consent-scope.ts). */
  static async categoriesInForceFor(manager: EntityManager, clientId: string, target: SharingTarget): Promise<ConsentCategory[]> {
    return categoriesFor(await ConsentsService.inForce(manager, clientId), target);
  }
}
