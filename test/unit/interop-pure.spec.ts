import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/common/app-error';
import { stableId } from '../../src/interop/hsds/hsds-ids';
import { compact, serviceListRecord, Vocabulary } from '../../src/interop/hsds/hsds-mapper';
import { pageOf, serviceListParams } from '../../src/interop/hsds/hsds-query';
import { HSDS_TABLES } from '../../src/interop/hsds/hsds-tables';
import { codeSystemResource, SYSTEMS, taskResource } from '../../src/interop/fhir/fhir-mapper';
import { ifMatchVersion, patchedTask, taskChange } from '../../src/interop/fhir/fhir-task-change';
import type { ReferralEntity } from '../../src/referrals/referral.entity';
import type { ServiceEntity } from '../../src/directory/service.entity';
import { fhirErrors } from '../support/fhir-validator';
import { hsdsErrors } from '../support/hsds-schemas';

const refusal = (f: () => unknown): { code: string; field?: unknown } => {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, field: err.details.field };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('HSDS mapping (pure)', () => {
  it('keeps the tabular columns in step with the HSDS 3.0 schemas', () => {
    for (const table of HSDS_TABLES) {
      const schema = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'hsds-3.0-schemas', `${table.name}.json`), 'utf8'));
      const scalar = Object.entries(schema.properties as Record<string, { type?: string; $ref?: string }>)
        .filter(([, p]) => p.type !== 'array' && !p.$ref).map(([name]) => name);
      expect({ table: table.name, fields: table.fields.map((f) => f.name), path: table.path, required: table.required })
        .toEqual({ table: table.name, fields: scalar, path: schema.path, required: schema.required });
    }
  });

  it('gives sub-records stable name-based UUIDs', () => {
    const a = stableId('phone', 'org-1', '0');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId('phone', 'org-1', '0')).toBe(a);
    expect(stableId('phone', 'org-1', '1')).not.toBe(a);
  });

  it('maps a service to a valid HSDS record without nulls', () => {
    const vocab: Vocabulary = {
      needCategory: (c) => ({ name: `cat ${c}`, description: c }), serviceType: (c) => ({ name: `type ${c}`, description: c }),
      partnerKind: () => null, region: (c) => ({ name: `Region ${c}`, regency: 'KOTA CIMAHI', province: 'JAWA BARAT' }),
    };
    const s = {
      id: '0b7a5d54-1d0c-4c51-9a43-1f6f0c7a0a01', organizationId: '0b7a5d54-1d0c-4c51-9a43-1f6f0c7a0a02', name: 'Konseling', description: null,
      needCategories: ['ANAK_KORBAN_KEKERASAN'], serviceTypes: ['KONSELING'], minimumAge: 6, maximumAge: null, sex: 'F', requiredDocuments: ['KK'],
      free: true, costDescription: null, languages: ['id', 'su'], areaCodes: ['32.77'], status: 'TEMPORARILY_CLOSED', verifiedAt: new Date('2026-01-02T03:00:00Z'),
      updatedAt: new Date('2026-02-01T00:00:00Z'),
    } as unknown as ServiceEntity;
    const record = serviceListRecord(s, vocab);
    expect(hsdsErrors('service', record)).toEqual([]);
    expect(record).toMatchObject({ status: 'temporarily closed', assured_date: '2026-01-02', minimum_age: 6, eligibility_description: 'Perempuan; usia 6 tahun ke atas; PMKS: cat ANAK_KORBAN_KEKERASAN' });
    expect(record).not.toHaveProperty('description');
    expect(JSON.stringify(record)).not.toContain('null');
    expect(compact({ a: null, b: [], c: 0, d: '' })).toEqual({ c: 0, d: '' });
  });

  it('reads API parameters strictly and builds the page object', () => {
    expect(serviceListParams({ page: '2', per_page: '10', minimal: 'true' })).toMatchObject({ page: 2, perPage: 10, minimal: true, full: false });
    expect(refusal(() => serviceListParams({ per_page: '101' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'per_page' });
    expect(refusal(() => serviceListParams({ modified_after: '2026-13-01' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'modified_after' });
    expect(serviceListParams({ modified_after: '2026-02-28' }).modifiedAfter?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(refusal(() => serviceListParams({ search: ['a', 'b'] }))).toEqual({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(pageOf([1, 2], 12, { page: 3, perPage: 5 })).toEqual({
      total_items: 12, total_pages: 3, page_number: 3, size: 2, first_page: false, last_page: true, empty: false, contents: [1, 2],
    });
    expect(pageOf([], 0, { page: 1, perPage: 5 })).toMatchObject({ total_pages: 0, first_page: true, last_page: true, empty: true });
  });
});

describe('FHIR Task changes (pure)', () => {
  const referral = {
    id: '0b7a5d54-1d0c-4c51-9a43-1f6f0c7a0a10', status: 'SENT', urgency: 'ROUTINE', version: 2, fromOrganizationId: '0b7a5d54-1d0c-4c51-9a43-1f6f0c7a0a11',
    toOrganizationId: '0b7a5d54-1d0c-4c51-9a43-1f6f0c7a0a12', createdAt: new Date(), sentAt: new Date(), updatedAt: new Date(), acceptBy: new Date(),
    appointmentAt: null, declineReason: null, statusReason: null, outcome: null,
  } as unknown as ReferralEntity;
  const current = taskResource(referral);

  it('builds a Task that validates against FHIR R4, and the validator does refuse a broken one', () => {
    expect(fhirErrors(current)).toEqual([]);
    expect(fhirErrors(codeSystemResource('decline-reason'))).toEqual([]);
    expect(fhirErrors({ resourceType: 'Task', intent: 'order' }).join()).toContain('Task.status');
    expect(fhirErrors({ ...current, colour: 'red' }).join()).toContain('Task.colour');
    expect(current).toMatchObject({ status: 'requested', meta: { versionId: '2' }, restriction: { period: { end: expect.any(String) } } });
  });

  it('turns a new status into the lifecycle action with its inputs', () => {
    expect(taskChange(current, { ...current, status: 'accepted' })).toEqual({ action: 'accept', appointmentAt: null, reason: null });
    expect(taskChange(current, { ...current, status: 'requested' })).toBeNull();
    expect(taskChange(current, {
      ...current, status: 'rejected', statusReason: { coding: [{ system: SYSTEMS.declineReason, code: 'NOT_ELIGIBLE' }], text: ' too old ' },
    })).toEqual({ action: 'decline', declineReason: 'NOT_ELIGIBLE', reason: 'too old' });
    expect(refusal(() => taskChange(current, { ...current, status: 'rejected', statusReason: { text: 'full' } }))).toEqual({ code: 'BAD_USER_INPUT', field: 'statusReason' });
    expect(taskChange(current, {
      ...current, status: 'completed', output: [{ valueCodeableConcept: { coding: [{ system: SYSTEMS.outcome, code: 'PARTIALLY_MET' }] } }],
    })).toEqual({ action: 'complete', outcome: 'PARTIALLY_MET', reason: null });
    expect(refusal(() => taskChange(current, { ...current, status: 'ready' }))).toEqual({ code: 'INVALID_TRANSITION', field: undefined });
    expect(refusal(() => taskChange(current, { ...current, status: 'done' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
  });

  it('patches only the writable elements, and reads If-Match', () => {
    expect(patchedTask(current, [{ op: 'replace', path: '/status', value: 'accepted' }]).status).toBe('accepted');
    expect(refusal(() => patchedTask(current, [{ op: 'replace', path: '/owner/reference', value: 'Organization/x' }]))).toEqual({ code: 'BAD_USER_INPUT', field: 'body[0].path' });
    expect(refusal(() => patchedTask(current, [{ op: 'test', path: '/status', value: 'accepted' }]))).toEqual({ code: 'CONFLICT', field: 'body' });
    expect(refusal(() => patchedTask(current, { op: 'replace' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(ifMatchVersion('W/"12"')).toBe(12);
    expect(ifMatchVersion('"3"')).toBe(3);
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(refusal(() => ifMatchVersion('12'))).toEqual({ code: 'BAD_USER_INPUT', field: 'If-Match' });
  });
});
