import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { escapeLike } from '../common/like-pattern';
import { AppError, ErrorCode, isUniqueViolation } from '../common/app-error';
import { ConnectionShape, pageWindow, toConnection } from '../common/connection';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { sexToCode } from '../directory/directory.types';
import type { Viewer } from '../common/viewer';
import { regencyOf } from '../taxonomy/region-code';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ageOn, estimatedBirthDate } from './age';
import { canReadClient, canRegisterClient } from './case.policy';
import { ClientEntity, HouseholdMemberEntity } from './cases.entity';
import { nameKey, toClientType } from './cases.mappers';
import { ClientType, PossibleDuplicateType, RegisterClientPayload } from './cases.types';
import { ClientFieldsInput, ClientsArgs, RegisterClientInput, UpdateClientInput } from './dto/cases.inputs';
import { DataKeyUnavailableError, FieldCipher } from './field-cipher';
import { maskNik, nikProblem } from './nik';

@Injectable()
export class ClientsService {
  private readonly cipher: FieldCipher;
  private readonly log = new Logger('Clients');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.data.encryptionKey, config.data.previousKeys);
  }

  private async validate(input: ClientFieldsInput): Promise<void> {
    if (input.nik !== undefined) {
      const problem = nikProblem(input.nik);
      if (problem) throw AppError.badInput('input.nik', problem);
    }
    if (input.birthDate !== undefined) {
      const d = new Date(`${input.birthDate}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input.birthDate) throw AppError.badInput('input.birthDate', 'is not a real date');
      if (d > new Date()) throw AppError.badInput('input.birthDate', 'must not be in the future');
      if (input.estimatedAge !== undefined) throw AppError.badInput('input.estimatedAge', 'give either birthDate or estimatedAge, not both');
    }
    if (input.regionCode !== undefined) await this.taxonomy.assertRegions('input.regionCode', [input.regionCode]);
    if ((input.latitude === undefined) !== (input.longitude === undefined)) {
      throw AppError.badInput(input.latitude === undefined ? 'input.latitude' : 'input.longitude', 'latitude and longitude go together');
    }
  }

  /** Loads a client the viewer may read, and audits the read. */
  async read(viewer: Viewer, id: string, manager: EntityManager = this.db.manager): Promise<ClientEntity> {
    const client = await manager.getRepository(ClientEntity).findOne({ where: { id } });
    if (!client || !canReadClient(viewer, client)) throw AppError.notFound('Client', id);
    await this.audit.recordRead(manager, viewer, { entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId });
    return client;
  }

  async view(viewer: Viewer, id: string): Promise<ClientType> {
    return this.toType(await this.read(viewer, id));
  }

  async toType(c: ClientEntity, manager: EntityManager = this.db.manager): Promise<ClientType> {
    const [household, secret] = await Promise.all([
      manager.getRepository(HouseholdMemberEntity).find({ where: { clientId: c.id } }),
      manager.getRepository(ClientEntity).createQueryBuilder('c').select('c.nikCiphertext', 'nik').where('c.id = :id', { id: c.id }).getRawOne<{ nik: string | null }>(),
    ]);
    return toClientType(c, household, secret?.nik ? this.maskedNik(c, secret.nik) : null, !!secret?.nik);
  }

  /**
   * The masked NIK, or, when no configured key opens it, a DATA_KEY_UNAVAILABLE error for that field alone: the
   * rest of the record still reads (docs/decisions.md). One log line names the key id, never the data.
   */
  private maskedNik(c: ClientEntity, ciphertext: string): string | AppError {
    try {
      return maskNik(this.cipher.decrypt(ciphertext));
    } catch (err) {
      if (!(err instanceof DataKeyUnavailableError)) throw err;
      const keyId = err.keyId ?? 'none (legacy v1 ciphertext)';
      this.log.error({ clientId: c.id, keyId }, 'a client NIK is encrypted with a data key that is not configured (DATA_ENCRYPTION_KEY, DATA_ENCRYPTION_KEYS)');
      return new AppError(ErrorCode.DATA_KEY_UNAVAILABLE, `The NIK is encrypted with data key ${keyId}, which is not configured`, { field: 'nikMasked', keyId });
    }
  }

  private async possibleDuplicates(tx: EntityManager, orgId: string, key: string, birthDate: string, regency: string, exceptId?: string): Promise<PossibleDuplicateType[]> {
    return tx.query(
      `SELECT id, full_name AS "fullName", birth_date::text AS "birthDate", region_code AS "regionCode"
         FROM client WHERE organization_id = $1 AND name_key = $2 AND birth_date = $3 AND regency_code = $4
          AND ($5::uuid IS NULL OR id <> $5) ORDER BY created_at LIMIT 20`,
      [orgId, key, birthDate, regency, exceptId ?? null],
    );
  }

  /**
   * Registers a client. The same NIK in the organisation is a CONFLICT naming the existing client; the same name
   * and birth date in the same regency is returned as possible duplicates, registered only when confirmed.
   */
  async register(viewer: Viewer, input: RegisterClientInput): Promise<RegisterClientPayload> {
    if (!canRegisterClient(viewer)) throw AppError.forbidden('Only case managers and supervisors register clients');
    await this.validate(input);
    if (input.birthDate === undefined && input.estimatedAge === undefined) {
      throw AppError.badInput('input.birthDate', 'give a birth date or an estimated age');
    }
    const orgId = viewer.organizationId!;
    const birthDate = input.birthDate ?? estimatedBirthDate(input.estimatedAge!, new Date());
    const regency = regencyOf(input.regionCode) ?? input.regionCode;
    const key = nameKey(input.fullName);
    const nikHash = input.nik ? this.cipher.lookupHash(input.nik) : null;
    try {
      return await this.db.transaction(async (tx) => {
        if (input.nik) {
          // Under every configured key: a client not yet re-encrypted carries an old key's hash.
          const [same] = await tx.query(`SELECT id FROM client WHERE organization_id = $1 AND nik_hash = ANY($2::text[])`, [orgId, this.cipher.lookupHashes(input.nik)]);
          if (same) throw AppError.conflict('A client with this NIK is already registered', { field: 'input.nik', existingClientId: same.id });
        }
        const possibleDuplicates = await this.possibleDuplicates(tx, orgId, key, birthDate, regency);
        if (possibleDuplicates.length && !input.confirmNotDuplicate) return { client: null, possibleDuplicates };
        const repo = tx.getRepository(ClientEntity);
        const client = await repo.save(repo.create({
          organizationId: orgId, fullName: input.fullName.trim(), nameKey: key, birthDate, birthDateEstimated: input.birthDate === undefined,
          sex: sexToCode(input.sex)!, nikCiphertext: input.nik ? this.cipher.encrypt(input.nik) : null, nikHash,
          kkCiphertext: input.kkNumber ? this.cipher.encrypt(input.kkNumber) : null, phone: input.phone ?? null,
          addressLine: input.addressLine ?? null, regionCode: input.regionCode, regencyCode: regency,
          latitude: input.latitude ?? null, longitude: input.longitude ?? null, languages: input.languages ?? ['id'],
          contactPreference: input.contactPreference ?? 'PHONE', safeContact: input.safeContact ?? false,
          safeContactNote: input.safeContactNote ?? null, createdBy: viewer.id,
        }));
        await this.replaceHousehold(tx, client.id, input.household ?? []);
        await this.audit.record(tx, viewer, {
          action: 'CLIENT_REGISTERED', entityType: 'Client', entityId: client.id, entityOrganizationId: orgId,
          details: { duplicateWarningOverridden: possibleDuplicates.length > 0, hasNik: !!nikHash },
        });
        return { client: await this.toType(client, tx), possibleDuplicates };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict('A client with this NIK is already registered', { field: 'input.nik' });
      throw err;
    }
  }

  async update(viewer: Viewer, input: UpdateClientInput): Promise<ClientType> {
    await this.validate(input);
    return this.db.transaction(async (tx) => {
      const client = await tx.getRepository(ClientEntity).findOne({ where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
      if (!client || !canReadClient(viewer, client)) throw AppError.notFound('Client', input.id);
      const changed: string[] = [];
      const set = <K extends keyof ClientEntity>(k: K, v: ClientEntity[K] | undefined) => {
        if (v !== undefined) {
          client[k] = v;
          changed.push(String(k));
        }
      };
      set('fullName', input.fullName?.trim());
      if (input.fullName) client.nameKey = nameKey(input.fullName);
      if (input.birthDate) {
        set('birthDate', input.birthDate);
        client.birthDateEstimated = false;
      } else if (input.estimatedAge !== undefined) {
        set('birthDate', estimatedBirthDate(input.estimatedAge, new Date()));
        client.birthDateEstimated = true;
      }
      set('sex', input.sex ? sexToCode(input.sex)! : undefined);
      set('phone', input.phone);
      set('addressLine', input.addressLine);
      if (input.regionCode) {
        set('regionCode', input.regionCode);
        client.regencyCode = regencyOf(input.regionCode) ?? input.regionCode;
      }
      set('latitude', input.latitude);
      set('longitude', input.longitude);
      set('languages', input.languages);
      set('contactPreference', input.contactPreference);
      set('safeContact', input.safeContact);
      set('safeContactNote', input.safeContactNote);
      if (input.nik) {
        const hash = this.cipher.lookupHash(input.nik);
        const [same] = await tx.query(
          `SELECT id FROM client WHERE organization_id = $1 AND nik_hash = ANY($2::text[]) AND id <> $3`,
          [client.organizationId, this.cipher.lookupHashes(input.nik), client.id],
        );
        if (same) throw AppError.conflict('A client with this NIK is already registered', { field: 'input.nik', existingClientId: same.id });
        await tx.query(`UPDATE client SET nik_ciphertext = $2, nik_hash = $3 WHERE id = $1`, [client.id, this.cipher.encrypt(input.nik), hash]);
        changed.push('nik');
      }
      if (input.kkNumber) {
        await tx.query(`UPDATE client SET kk_ciphertext = $2 WHERE id = $1`, [client.id, this.cipher.encrypt(input.kkNumber)]);
        changed.push('kkNumber');
      }
      const saved = await tx.getRepository(ClientEntity).save(client);
      if (input.household) {
        await this.replaceHousehold(tx, client.id, input.household);
        changed.push('household');
      }
      await this.audit.record(tx, viewer, { action: 'CLIENT_UPDATED', entityType: 'Client', entityId: client.id, entityOrganizationId: client.organizationId, details: { fields: changed } });
      return this.toType(saved, tx);
    });
  }

  private async replaceHousehold(tx: EntityManager, clientId: string, members: ClientFieldsInput['household'] & object): Promise<void> {
    const repo = tx.getRepository(HouseholdMemberEntity);
    await repo.delete({ clientId });
    if (members.length) {
      await repo.insert(members.map((m) => ({ clientId, fullName: m.fullName, relationship: m.relationship, birthDate: m.birthDate ?? null, sex: sexToCode(m.sex) })));
    }
  }

  /** The viewer's organisation's clients; listing does not open records, so it is not a read. */
  async list(viewer: Viewer, args: ClientsArgs): Promise<ConnectionShape<ClientType>> {
    if (!canRegisterClient(viewer)) throw AppError.forbidden('Only case managers and supervisors list clients');
    const window = pageWindow(args);
    const search = args.search?.trim() ? nameKey(args.search) : null;
    const rows: (ClientEntity & { total: string; hasNik: boolean })[] = await this.db.query(
      `SELECT id, organization_id AS "organizationId", full_name AS "fullName", name_key AS "nameKey", birth_date::text AS "birthDate",
              birth_date_estimated AS "birthDateEstimated", sex, phone, address_line AS "addressLine", region_code AS "regionCode",
              regency_code AS "regencyCode", latitude, longitude, languages, contact_preference AS "contactPreference",
              safe_contact AS "safeContact", safe_contact_note AS "safeContactNote", created_by AS "createdBy",
              created_at AS "createdAt", updated_at AS "updatedAt", version, nik_hash IS NOT NULL AS "hasNik",
              count(*) OVER () AS total
         FROM client
        WHERE organization_id = $1
          AND ($2::text IS NULL OR name_key LIKE '%' || $5 || '%' OR name_key % $2)
        ORDER BY full_name, id LIMIT $3 OFFSET $4`,
      [viewer.organizationId, search, window.limit, window.offset, search === null ? null : escapeLike(search)],
    );
    await this.audit.recordMany(
      this.db.manager,
      viewer,
      rows.map((c) => ({ action: 'CLIENT_LISTED', entityType: 'Client', entityId: c.id, entityOrganizationId: c.organizationId })),
    );
    const nodes = rows.map(({ total: _t, hasNik, ...c }) => toClientType(c as ClientEntity, [], null, hasNik));
    return toConnection(nodes, rows.length ? Number(rows[0].total) : 0, window);
  }

  ageOf(c: ClientEntity): number {
    return ageOn(c.birthDate, new Date());
  }
}
