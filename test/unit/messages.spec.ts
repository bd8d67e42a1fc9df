import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from '../../src/common/app-error';
import { connectionLocale } from '../../src/common/graphql.config';
import { formatGraphQLError } from '../../src/common/graphql-errors';
import { CATALOGUE, hasTranslation, localize } from '../../src/common/messages';
import { scanMessages } from '../support/message-scan';

/** An error as Apollo hands it to formatError: a GraphQLError wrapping what the resolver threw. */
function thrown(err: Error): [ReturnType<GraphQLError['toJSON']>, GraphQLError] {
  const e = new GraphQLError(err.message, { originalError: err, path: ['x'] });
  return [e.toJSON(), e];
}

function formattedIn(locale: 'id' | 'en' | undefined, err: Error) {
  return formatGraphQLError(...thrown(err), { requestId: null, clientAddress: null, locale });
}

describe('message catalogue', () => {
  it('translates every error text written in src/ (a new message without a translation fails here)', () => {
    const found = scanMessages(`${__dirname}/../..`)
      // A bad input's `${field}: ${rule}` (AppError.badInput, formatGraphQLError): the rule is translated on its own.
      .filter((m) => m.text !== '{p0}: {p1}');
    expect(found.length).toBeGreaterThan(150);
    const sample = (text: string) => text.replace(/\{p\d+\}/g, 'X1');
    const missing = found.filter((m) => !hasTranslation(sample(m.text))).map((m) => `${m.at}: ${m.text}`);
    expect(missing).toEqual([]);
  });

  it('scans template literals, both branches of a conditional and default parameters', () => {
    const texts = new Set(scanMessages(`${__dirname}/../..`).map((m) => m.text));
    expect(texts).toContain('is required for role {p0}');
    expect(texts).toContain('Token expired');
    expect(texts).toContain('Invalid token');
    expect(texts).toContain('cannot {p0} a referral that is {p1}');
    expect(texts).toContain('has serial 0000, which is never issued');
    expect(texts).toContain('{p0} {p1} not found');
    expect(texts).toContain('You are not allowed to do this');
  });

  it('has no Indonesian entry that is left in English or loses a placeholder', () => {
    for (const [en, id] of Object.entries(CATALOGUE.id)) {
      if (/^[A-Z][a-z]+$/.test(en)) continue; // entity names
      expect(id).not.toBe(en);
      for (const p of en.match(/\{\w+\}/g) ?? []) expect(id).toContain(p);
    }
  });

  it('writes interpolated values into the Indonesian template, translating those that are catalogue entries', () => {
    expect(localize('Client 7f0c not found', 'id')).toBe('Klien dengan id 7f0c tidak ditemukan');
    expect(localize('is required for role CASE_MANAGER', 'id')).toBe('wajib diisi untuk peran CASE_MANAGER');
    expect(localize('cannot move from INTAKE to CLOSED; allowed: none', 'id')).toBe('tidak dapat berpindah dari INTAKE ke CLOSED; yang diizinkan: tidak ada');
    expect(localize('only the receiving organisation may accept a referral', 'id')).toBe('hanya organisasi penerima yang dapat melakukan tindakan accept pada rujukan');
    expect(localize('PEREMPUAN_RAWAN applies to women only', 'id')).toBe('PEREMPUAN_RAWAN hanya berlaku untuk perempuan');
    expect(localize('Rate limit of 120 operations per minute exceeded', 'id', { retryAfterSeconds: 42 }))
      .toBe('Terlalu banyak permintaan (batas 120 operasi per menit); coba lagi dalam 42 detik');
  });

  it("translates class-validator's default messages, `each value in` included", () => {
    expect(localize('name must be shorter than or equal to 200 characters', 'id')).toBe('name maksimal 200 karakter');
    expect(localize('organizationId must be a UUID', 'id')).toBe('organizationId harus berupa UUID');
    expect(localize('each value in serviceTypes must be shorter than or equal to 64 characters', 'id'))
      .toBe('setiap nilai pada serviceTypes maksimal 64 karakter');
    expect(localize('first must not be greater than 100', 'id')).toBe('first tidak boleh lebih dari 100');
  });

  it('leaves English as it is, and an unknown text in English', () => {
    expect(localize('must not be in the future', 'en')).toBe('must not be in the future');
    expect(localize('a text nobody catalogued', 'id')).toBe('a text nobody catalogued');
  });
});

describe('formatGraphQLError and the request locale', () => {
  beforeAll(() => Logger.overrideLogger(false));

  const bad = () => AppError.badInput('input.birthDate', 'must not be in the future');

  it('writes the message and rule in the locale of the request it runs in; code, field and details stay', () => {
    const id = formattedIn('id', bad());
    expect(id.message).toBe('input.birthDate: tidak boleh di masa depan');
    expect(id.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.birthDate', rule: 'tidak boleh di masa depan' });
    const en = formattedIn('en', bad());
    expect(en.message).toBe('input.birthDate: must not be in the future');
    expect(en.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.birthDate', rule: 'must not be in the future' });
  });

  it('answers in Indonesian outside a request and in a context without a locale', () => {
    expect(formatGraphQLError(...thrown(AppError.notFound('Need', 'n1')), null).message).toBe('Kebutuhan dengan id n1 tidak ditemukan');
    expect(formattedIn(undefined, AppError.forbidden()).message).toBe('Anda tidak berwenang melakukan ini');
  });

  it('keeps the details of other codes', () => {
    const f = formattedIn('id', new AppError(ErrorCode.INVALID_TRANSITION, 'cannot accept a referral that is DRAFT', { from: 'DRAFT', action: 'accept' }));
    expect(f.message).toBe('tindakan accept tidak dapat dilakukan pada rujukan berstatus DRAFT');
    expect(f.extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'DRAFT', action: 'accept' });
  });

  it("reads a WebSocket connection's language from its params", () => {
    expect(connectionLocale(undefined)).toBe('id');
    expect(connectionLocale({ acceptLanguage: 'en-US,en;q=0.9' })).toBe('en');
    expect(connectionLocale({ 'accept-language': 'id' })).toBe('id');
  });
});
