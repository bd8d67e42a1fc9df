import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { normalisePhones } from '../../src/interop/import/phones';
import { RegionResolver, RegionRow, timeZoneOfProvince } from '../../src/interop/import/region-resolver';
import { flag, parseNumber, RowNormaliser } from '../../src/interop/import/row-normaliser';
import { hsdsServiceToRow } from '../../src/interop/import/hsds-mapping';
import { TAXONOMIES } from '../../src/interop/hsds/hsds-mapper';
import { spreadsheetField } from '../../src/interop/import/sources';
import type { SourceRow } from '../../src/interop/import/import-record';

/** The regions as the taxonomy migration loads them: idn-area-data's own CSV files. */
function regions(): RegionRow[] {
  const dir = join(dirname(require.resolve('idn-area-data/package.json')), 'data');
  const csv = (f: string) => Papa.parse<Record<string, string>>(readFileSync(join(dir, f), 'utf8'), { header: true, skipEmptyLines: true }).data;
  return [
    ...csv('provinces.csv').map((r) => ({ code: r.code, level: 'PROVINCE' as const, name: r.name, parentCode: null })),
    ...csv('regencies.csv').map((r) => ({ code: r.code, level: 'REGENCY' as const, name: r.name, parentCode: r.province_code })),
    ...csv('districts.csv').map((r) => ({ code: r.code, level: 'DISTRICT' as const, name: r.name, parentCode: r.regency_code })),
    ...csv('villages.csv').map((r) => ({ code: r.code, level: 'VILLAGE' as const, name: r.name, parentCode: r.district_code })),
  ];
}

const resolver = new RegionResolver(regions());
const codeOf = (q: Parameters<RegionResolver['resolve']>[0]) => {
  const r = resolver.resolve(q);
  return r.ok ? r.code : `error ${r.field}: ${r.rule}`;
};

describe('region names to codes', () => {
  it.each([
    ['KOTA BANDA ACEH, ACEH', null, '11.71'],
    ['Kab. Buleleng', null, '51.08'],
    ['Kabupaten Buleleng', null, '51.08'],
    ['kab buleleng', 'Bali', '51.08'],
    ['kota  denpasar', null, '51.71'],
    ['Kota Adm. Jakarta Selatan', 'DKI Jakarta', '31.74'],
    ['Jakarta Selatan', 'Prov. DKI Jakarta', '31.74'],
    ['Kota Tjimahi', 'Djawa Barat', '32.77'],
    ['Kotamadya Bandung', 'Jabar', '32.73'],
    ['Kab. Bandung', null, '32.04'],
    ['Sleman', 'DIY', '34.04'],
    ['32.77', null, '32.77'],
  ])('%s (%s) is %s', (regency, province, code) => {
    expect(codeOf({ regency, province })).toBe(code);
  });

  it('refuses a name that fits two places, naming both', () => {
    const r = resolver.resolve({ regency: 'Bandung' });
    expect(r).toMatchObject({ ok: false, field: 'regency' });
    expect(!r.ok && r.rule).toMatch(/ambiguous: KABUPATEN BANDUNG \(32\.04\), KOTA BANDUNG \(32\.73\)/);
  });

  it('refuses an unknown name, suggesting near ones, and a regency in the wrong province', () => {
    const unknown = resolver.resolve({ regency: 'Kab. Bulelang' });
    expect(!unknown.ok && unknown.rule).toMatch(/unknown regency or city; did you mean KABUPATEN BULELENG \(51\.08\)/);
    const wrong = resolver.resolve({ regency: 'Kab. Buleleng', province: 'Jawa Barat' });
    expect(!wrong.ok && wrong.rule).toMatch(/not in JAWA BARAT \(32\); KABUPATEN BULELENG \(51\.08\) lies in BALI \(51\)/);
    expect(resolver.resolve({ regency: 'Kota Banda Aceh', province: 'Atlantis' })).toMatchObject({ ok: false, field: 'province', rule: 'unknown province' });
  });

  it('goes down to districts and villages by name within the regency, and checks a code against the names', () => {
    expect(codeOf({ regency: 'Kota Cimahi', district: 'Kec. Cimahi Selatan' })).toBe('32.77.01');
    expect(codeOf({ regency: 'Kota Cimahi', district: 'Cimahi Selatan', village: 'Kel. Melong' })).toMatch(/^32\.77\.01\.\d{4}$/);
    expect(codeOf({ code: '32.77.01', regency: 'Kota Cimahi' })).toBe('32.77.01');
    expect(codeOf({ code: '32.77.01', regency: 'Kab. Buleleng' })).toMatch(/error regionCode: does not lie in KABUPATEN BULELENG/);
    expect(codeOf({ code: '99.99' })).toBe('error regionCode: unknown region code');
  });

  it('knows the time zone of a province', () => {
    expect([timeZoneOfProvince('32'), timeZoneOfProvince('51'), timeZoneOfProvince('64'), timeZoneOfProvince('62'), timeZoneOfProvince('94')])
      .toEqual(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Makassar', 'Asia/Jakarta', 'Asia/Jayapura']);
  });
});

describe('phones, numbers and headers', () => {
  it('splits and normalises phone cells to E.164, keeping what is not a number as invalid', () => {
    expect(normalisePhones('(0651) 34565 / (021) 5523507')).toEqual({ numbers: ['+6265134565', '+62215523507'], invalid: [] });
    expect(normalisePhones('0812-3456-7890; +62 812 3456 7890')).toEqual({ numbers: ['+6281234567890'], invalid: [] });
    expect(normalisePhones('0361 222333 atau 12')).toEqual({ numbers: ['+62361222333'], invalid: ['12'] });
    expect(normalisePhones('  ')).toEqual({ numbers: [], invalid: [] });
  });

  it('reads coordinates written with comma decimals, a Unicode minus or as numbers', () => {
    expect([parseNumber('-6,9175'), parseNumber('\u22126.9'), parseNumber(' 115.2 '), parseNumber(106.8), parseNumber(''), parseNumber('6°S')])
      .toEqual([-6.9175, -6.9, 115.2, 106.8, null, 'invalid']);
  });

  it('knows Indonesian and English headers', () => {
    expect(['Organisasi', 'Nama Layanan', 'Kabupaten/Kota', 'Provinsi', 'Kode Wilayah', 'Lintang', 'Bujur', 'Surel', 'No. Telp', 'Jenis Layanan', 'Kategori PMKS', 'Regency/City', 'E-mail']
      .map(spreadsheetField)).toEqual(['organization', 'service', 'regency', 'province', 'regionCode', 'latitude', 'longitude', 'email', 'phone', 'serviceTypes', 'needCategories', 'regency', 'email']);
  });
});

describe('a row to directory records', () => {
  const normaliser = new RowNormaliser({
    regions: resolver,
    needCategories: [{ code: 'WANITA_KORBAN_KEKERASAN', nameId: 'Wanita Korban Tindak Kekerasan', nameEn: 'Women victims of violence' }, { code: 'ANAK_JALANAN', nameId: 'Anak Jalanan' }],
    serviceTypes: [{ code: 'KONSELING', nameId: 'Konseling' }, { code: 'BANTUAN_HUKUM', nameId: 'Bantuan Hukum' }],
    partnerKinds: [{ code: 'LSM' }, { code: 'LAINNYA' }],
  });
  const row = (over: Partial<SourceRow['organization']> = {}, svc: Partial<SourceRow['service']> = {}, loc: Partial<SourceRow['locations'][0]> = {}): SourceRow => ({
    line: 7, scheme: 'import',
    organization: { name: 'LBH Apik Bali', phones: ['(0361) 222333 / 0812-3456-7890'], email: 'apik@example.org', ...over },
    service: { name: 'Pendampingan hukum', needCategories: ['Wanita Korban Tindak Kekerasan'], serviceTypes: ['bantuan hukum; KONSELING'], ...svc },
    locations: [{ address: 'Jl. Gatot Subroto 1', regency: 'Kota Denpasar', latitude: '-8,65', longitude: '115,21', ...loc }],
  });

  it('normalises a good row: region, time zone, phones, labels, a stable key', () => {
    const { row: r, issues } = normaliser.normalise(row());
    expect(issues).toEqual([]);
    const org = r!.organization;
    expect(org).toMatchObject({ regionCode: '51.71', partnerKind: 'LAINNYA', phones: [{ number: '+62361222333' }, { number: '+6281234567890' }] });
    expect(org.locations[0]).toMatchObject({ regionCode: '51.71', latitude: -8.65, longitude: 115.21, timeZone: 'Asia/Makassar' });
    expect(org.services[0]).toMatchObject({ needCategories: ['WANITA_KORBAN_KEKERASAN'], serviceTypes: ['BANTUAN_HUKUM', 'KONSELING'], areaCodes: ['51.71'], status: 'ACTIVE', unmappedLabels: [] });
    expect(normaliser.normalise(row()).row!.organization.key).toEqual(org.key);
  });

  it('names every problem of a bad row: field, rule, value', () => {
    const { row: r, issues } = normaliser.normalise(row({ email: 'apik(at)example', website: 'not a url', phones: ['12345'] }, {}, { latitude: '115.21', longitude: '-8.65' }));
    expect(r).toBeNull();
    expect(issues.map((i) => [i.field, i.value])).toEqual(expect.arrayContaining([
      ['location.latitude', '115.21, -8.65'], ['organization.phone', '12345'], ['organization.email', 'apik(at)example'], ['organization.website', 'not a url'],
    ]));
    expect(issues.find((i) => i.field === 'location.latitude')!.rule).toMatch(/outside Indonesia/);
  });

  it('reports the same problems for rows that repeat an organisation or place (checks kept per input)', () => {
    const bad = () => normaliser.normalise(row({ email: 'apik(at)example', phones: ['12345'] }, {}, { regency: 'Bandung' })).issues.map((i) => [i.field, i.rule, i.value]);
    const first = bad();
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(bad()).toEqual(first);
    expect(normaliser.normalise(row()).issues).toEqual([]);
  });

  it('reads the confidential flag of a location: yes/no words, empty as no, anything else a problem', () => {
    expect(['ya', 'Yes', 'TRUE', '1', 'rahasia', true].map((v) => flag(v))).toEqual([true, true, true, true, true, true]);
    expect(['tidak', 'no', 'false', '0', '', null, undefined, false].map((v) => flag(v))).toEqual([false, false, false, false, false, false, false, false]);
    expect(normaliser.normalise(row({}, {}, { confidential: 'ya' })).row!.organization.locations[0].confidential).toBe(true);
    expect(normaliser.normalise(row()).row!.organization.locations[0].confidential).toBe(false);
    const { issues } = normaliser.normalise(row({}, {}, { confidential: 'mungkin' }));
    expect(issues).toEqual([expect.objectContaining({ field: 'location.confidential', value: 'mungkin' })]);
  });

  it('reads the partner kind and the confidential flag back from the HSDS attributes Rujuk exports', () => {
    const term = (key: 'partner-kind' | 'location-flag' | 'region', code: string) => ({
      link_type: key, taxonomy_term: { code, taxonomy: TAXONOMIES[key].name, taxonomy_id: TAXONOMIES[key].id, term_uri: `${TAXONOMIES[key].uri}/${code}` },
    });
    const source = hsdsServiceToRow({
      id: 's1', name: 'Rumah aman', organization: { id: 'o1', name: 'Yayasan Aman', attributes: [term('region', '51.71'), term('partner-kind', 'LSM')] },
      attributes: [{ taxonomy_term: { code: 'WANITA_KORBAN_KEKERASAN' } }],
      service_at_locations: [{ location: { id: 'l1', name: 'Rumah Aman', external_identifier: '51.71', external_identifier_type: 'kemendagri', attributes: [term('region', '51.71'), term('location-flag', 'CONFIDENTIAL')] } }],
    }, 1);
    expect(source.organization.partnerKind).toBe('LSM');
    expect(source.locations[0].confidential).toBe(true);
    const { row: r, issues } = normaliser.normalise(source);
    expect(issues).toEqual([]);
    expect(r!.organization.partnerKind).toBe('LSM');
    expect(r!.organization.locations[0]).toMatchObject({ confidential: true, addressLine: null, latitude: null });
    // A term of another taxonomy with the same code is not the flag; no partner-kind term is the default kind.
    const plain = hsdsServiceToRow({ organization: { name: 'X' }, service_at_locations: [{ location: { attributes: [{ taxonomy_term: { code: 'CONFIDENTIAL', taxonomy: 'Other' } }] } }] }, 2);
    expect(plain.organization.partnerKind).toBeNull();
    expect(plain.locations[0].confidential).toBe(false);
  });

  it('makes a draft of a service whose labels map to nothing', () => {
    const { row: r } = normaliser.normalise(row({}, { needCategories: ['Korban Banjir'], serviceTypes: [] }));
    expect(r!.organization.services[0]).toMatchObject({ status: 'INACTIVE', needCategories: [], unmappedLabels: ['Korban Banjir'] });
  });
});
