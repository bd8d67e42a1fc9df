import { readFileSync } from 'node:fs';
import { printedSchema, SCHEMA_PATH } from '../../scripts/print-schema';

/** The committed schema.gql is what the resolvers print (reviews read API changes from it). */
describe('schema.gql', () => {
  it('matches the schema the code-first resolvers build', async () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(await printedSchema());
  }, 60_000);
});
