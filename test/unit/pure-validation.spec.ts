import { ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../../src/common/app-error';
import { createValidationPipe } from '../../src/common/validation';
import { SearchServicesArgs } from '../../src/directory/dto/directory.inputs';
import { MatchInput } from '../../src/matching/dto/matching.inputs';

/**
 * The pure checks of the hot read inputs (pure-validation.ts) against class-validator with the same classes'
 * decorators: the same inputs pass, and a bad one is refused naming the same field with the same rule.
 */
describe('pure validation of searchServices and matchServices inputs', () => {
  const pure = createValidationPipe();
  const classic = createValidationPipe({ pure: false });
  const outcome = async (pipe: ReturnType<typeof createValidationPipe>, value: unknown, metadata: ArgumentMetadata) => {
    try {
      await pipe.transform(value, metadata);
      return 'ok';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { code: err.code, ...err.details };
    }
  };
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const near = { latitude: -6.9, longitude: 107.6, radiusKm: 10 };

  const searches: Record<string, unknown>[] = [
    {}, { first: 20 }, { first: 0 }, { first: 101 }, { first: 100, after: 'bzoyMA' },
    { filter: { text: 'konseling', needCategories: ['ANAK_TERLANTAR'], regionCode: '32.73.01.1001', near } },
    { filter: { text: 'x'.repeat(200) } }, { filter: { text: 'x'.repeat(201) } }, { filter: { text: '😀'.repeat(150) } },
    { filter: { needCategories: Array.from({ length: 29 }, (_, i) => `C${i}`) } }, { filter: { needCategories: Array.from({ length: 28 }, (_, i) => `C${i}`) } },
    { filter: { serviceTypes: Array.from({ length: 31 }, (_, i) => `T${i}`) } },
    { filter: { near: { ...near, latitude: 91 } } }, { filter: { near: { ...near, longitude: -180.5 } } },
    { filter: { near: { ...near, radiusKm: 0.05 } } }, { filter: { near: { ...near, radiusKm: 501 } } }, { filter: { near: { latitude: 0, longitude: 0 } } },
    { filter: { age: -1 } }, { filter: { age: 151 } }, { filter: { age: 150, sex: 'FEMALE' } },
    { filter: { languages: Array.from({ length: 21 }, () => 'id') } }, { filter: { organizationId: 'not-a-uuid' } }, { filter: { organizationId: uuid } },
    { filter: null }, { filter: { text: null, near: null, age: null } }, { first: 0, filter: { age: 200 } },
  ];
  it.each(searches.map((s) => [JSON.stringify(s).slice(0, 120), s]))('searchServices %s', async (_label, args) => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: SearchServicesArgs, data: undefined };
    expect(await outcome(pure, args, metadata)).toEqual(await outcome(classic, args, metadata));
  });

  const profile = { age: 30, sex: 'FEMALE', regionCode: '32.73.01.1001', latitude: -6.9, longitude: 107.6, languages: ['id'] };
  const matches: Record<string, unknown>[] = [
    { needCategory: 'WANITA_KORBAN_KEKERASAN', profile, limit: 20 }, { needId: uuid }, { needId: 'nope' },
    { needCategory: 'X', profile: { ...profile, age: 151 } }, { needCategory: 'X', profile: { ...profile, age: -2 } },
    { needCategory: 'X', profile: { ...profile, latitude: -90.01 } }, { needCategory: 'X', profile: { ...profile, longitude: 181 } },
    { needCategory: 'X', profile: { ...profile, languages: Array.from({ length: 11 }, () => 'id') } },
    { needCategory: 'X', profile: { birthDate: '2999-01-01' } }, { needCategory: 'X', profile: { birthDate: '2023-02-30' } }, { needCategory: 'X', profile: { birthDate: '1990-05-17' } },
    { needCategory: 'X', serviceTypes: Array.from({ length: 31 }, (_, i) => `T${i}`) }, { needCategory: 'X', limit: 0 }, { needCategory: 'X', limit: 101 },
    { needCategory: 'X', profile: null }, { needCategory: 'X', profile: { age: 200 }, limit: 0 },
  ];
  it.each(matches.map((m) => [JSON.stringify(m).slice(0, 120), m]))('matchServices %s', async (_label, input) => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: MatchInput, data: 'input' };
    expect(await outcome(pure, input, metadata)).toEqual(await outcome(classic, input, metadata));
  });

  it('refuses naming the field and the rule, and passes good input through as it came', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: MatchInput, data: 'input' };
    expect(await outcome(pure, { needCategory: 'X', profile: { age: 151 } }, metadata))
      .toEqual({ code: 'BAD_USER_INPUT', field: 'input.profile.age', rule: 'age must not be greater than 150' });
    const good = { needCategory: 'X', profile };
    expect(await pure.transform(good, metadata)).toBe(good);
  });
});
