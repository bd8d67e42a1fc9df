import { randomUUID } from 'node:crypto';
import { gql, GqlResponse, startApp, TestApp, userWithToken } from '../support/harness';
import { collect, wsClient } from '../support/ws-client';

/**
 * Error messages a case manager reads: Indonesian by default and with `Accept-Language: id`, English on
 * request; the code and the field never change with the language.
 */
describe('error messages in the reader\'s language', () => {
  let t: TestApp;
  let cm: { token: string };
  let partner: { token: string };
  let admin: { token: string };

  const REGISTER = `mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }`;
  const base = { fullName: 'Siti Rahmawati', birthDate: '1994-03-12', sex: 'FEMALE', regionCode: '32.77.01.1001' };

  beforeAll(async () => {
    t = await startApp();
    const [lk3] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('LK3 Cimahi', 'LK3', '32.77') RETURNING id`);
    const [rs] = await t.db.query(`INSERT INTO organization (name, partner_kind, region_code) VALUES ('RSUD', 'RUMAH_SAKIT', '32.77') RETURNING id`);
    cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: lk3.id, regionScope: '32.77' });
    partner = await userWithToken(t, 'PARTNER_STAFF', { organizationId: rs.id });
    admin = await userWithToken(t, 'ADMIN');
  });
  afterAll(() => t.close());

  /** The first error of the same request sent without Accept-Language, with `id`, and with an English preference. */
  async function inEachLanguage(query: string, variables: Record<string, unknown>, token: string) {
    const first = (r: GqlResponse) => {
      expect(r.errors?.length).toBeGreaterThan(0);
      return r.errors![0];
    };
    return {
      none: first(await gql(t, query, variables, token, { 'accept-language': '' })),
      id: first(await gql(t, query, variables, token, { 'accept-language': 'id' })),
      en: first(await gql(t, query, variables, token, { 'accept-language': 'en-US,en;q=0.9' })),
    };
  }

  function expectSameCodeAndField(e: Awaited<ReturnType<typeof inEachLanguage>>, code: string, field?: string) {
    for (const one of [e.none, e.id, e.en]) {
      expect(one.extensions?.code).toBe(code);
      expect(one.extensions?.field).toBe(field);
    }
  }

  it('a BAD_USER_INPUT from input validation (class-validator)', async () => {
    const e = await inEachLanguage(REGISTER, { i: { ...base, fullName: 'X' } }, cm.token);
    expectSameCodeAndField(e, 'BAD_USER_INPUT', 'input.fullName');
    expect(e.none.message).toBe('input.fullName: fullName minimal 2 karakter');
    expect(e.none.extensions?.rule).toBe('fullName minimal 2 karakter');
    expect(e.id.message).toBe(e.none.message);
    expect(e.en.message).toBe('input.fullName: fullName must be longer than or equal to 2 characters');
    expect(e.en.extensions?.rule).toBe('fullName must be longer than or equal to 2 characters');
  });

  it('a BAD_USER_INPUT with a message of our own on the decorator', async () => {
    const e = await inEachLanguage(REGISTER, { i: { ...base, birthDate: '12-03-1994' } }, cm.token);
    expectSameCodeAndField(e, 'BAD_USER_INPUT', 'input.birthDate');
    expect(e.id.message).toBe('input.birthDate: harus berupa tanggal yang benar (YYYY-MM-DD) sejak 1900, bukan di masa depan');
    expect(e.en.message).toBe('input.birthDate: must be a real date YYYY-MM-DD from 1900, not in the future');
  });

  it('a BAD_USER_INPUT from a service', async () => {
    const e = await inEachLanguage(REGISTER, { i: { ...base, birthDate: '1994-03-12', estimatedAge: 30 } }, cm.token);
    expectSameCodeAndField(e, 'BAD_USER_INPUT', 'input.estimatedAge');
    expect(e.none.message).toBe('input.estimatedAge: isi tanggal lahir atau perkiraan usia, tidak keduanya');
    expect(e.id.extensions?.rule).toBe('isi tanggal lahir atau perkiraan usia, tidak keduanya');
    expect(e.en.message).toBe('input.estimatedAge: give either birthDate or estimatedAge, not both');
    expect(e.en.extensions?.rule).toBe('give either birthDate or estimatedAge, not both');
  });

  it('NOT_FOUND', async () => {
    const id = randomUUID();
    const e = await inEachLanguage(`mutation($i: UpdateClientInput!) { updateClient(input: $i) { id } }`, { i: { id, fullName: 'Siti R' } }, cm.token);
    expectSameCodeAndField(e, 'NOT_FOUND');
    expect(e.none.message).toBe(`Klien dengan id ${id} tidak ditemukan`);
    expect(e.id.message).toBe(e.none.message);
    expect(e.en.message).toBe(`Client ${id} not found`);
    expect(e.en.extensions).toMatchObject({ entity: 'Client', id });
    expect(e.id.extensions).toMatchObject({ entity: 'Client', id });
  });

  it('FORBIDDEN', async () => {
    const e = await inEachLanguage(`{ clients { totalCount } }`, {}, partner.token);
    expectSameCodeAndField(e, 'FORBIDDEN');
    expect(e.none.message).toBe('Hanya manajer kasus dan supervisor yang dapat melihat daftar klien');
    expect(e.id.message).toBe(e.none.message);
    expect(e.en.message).toBe('Only case managers and supervisors list clients');
  });

  it('over WebSocket, in the language of the connection params (Indonesian without one)', async () => {
    const refusedIn = async (params: Record<string, unknown>) => {
      const client = wsClient(t, admin.token, params);
      const sub = collect(client, `subscription { referralUpdated { id } }`);
      await sub.done;
      await client.dispose();
      expect(sub.errors).toHaveLength(1);
      return sub.errors[0] as { message: string; extensions?: Record<string, unknown> };
    };
    const id = await refusedIn({});
    expect(id).toMatchObject({ message: 'Berlangganan dengan caseId, atau sebagai anggota sebuah organisasi', extensions: { code: 'FORBIDDEN' } });
    const en = await refusedIn({ acceptLanguage: 'en' });
    expect(en).toMatchObject({ message: 'Subscribe with a caseId, or as a member of an organisation', extensions: { code: 'FORBIDDEN' } });
  });
});
