import { types } from 'pg';
import { parseTextArray } from '../../src/matching/text-array';

const full = (types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown)(1009, 'text');

describe('parseTextArray (text[] as PostgreSQL writes it)', () => {
  it.each([
    '{}',
    '{ANAK_JALANAN}',
    '{ANAK_JALANAN,LANSIA_TERLANTAR}',
    '{32.77.01.1001,32.77,32}',
    '{id,su,NULL}',
    '{"NULL",x}',
    '{"a b","c,d",e}',
    '{"quo\\"te","back\\\\slash"}',
    '{""}',
    '{{a,b},{c,d}}',
    '[0:1]={a,b}',
  ])('reads %s as node-postgres does', (text) => {
    expect(parseTextArray(text)).toEqual(full(text));
  });
});
