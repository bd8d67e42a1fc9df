import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Ajv validators for the HSDS 3.0 JSON schemas (test/fixtures/hsds-3.0-schemas, with their licence note). The schemas
 * refer to each other by file name ("phone.json"), so each is added under its file name as its $id. Their
 * extra keywords (datapackage_type, constraints, core, ...) are annotations, hence `strict: false`.
 */
const DIR = join(__dirname, '..', 'fixtures', 'hsds-3.0-schemas');

function build(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
    ajv.addSchema({ ...schema, $id: file });
  }
  return ajv;
}

let ajv: Ajv | undefined;

export function hsdsValidator(table: string): ValidateFunction {
  ajv ??= build();
  const validate = ajv.getSchema(`${table}.json`);
  if (!validate) throw new Error(`no HSDS schema ${table}.json`);
  return validate;
}

/** The schema errors of `record` as readable lines (empty when valid). */
export function hsdsErrors(table: string, record: unknown): string[] {
  const validate = hsdsValidator(table);
  if (validate(record)) return [];
  return (validate.errors ?? []).map((e) => `${table}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
