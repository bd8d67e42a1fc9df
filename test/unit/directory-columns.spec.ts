import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';
import {
  LOCATION_COLUMNS, LOCATION_FIELD_COLUMNS, locationOfRow, ORGANIZATION_COLUMNS, ORGANIZATION_FIELD_COLUMNS, organizationOfRow, SERVICE_COLUMNS,
  SERVICE_FIELD_COLUMNS, selectedColumns, TEXT_ARRAY_ALIASES,
} from '../../src/directory/directory-columns';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
const fieldsOf = (name: string) => Object.keys((schema.getType(name) as GraphQLObjectType).getFields()).sort();
const aliases = (sql: string) => [...sql.matchAll(/ AS "([^"]+)"/g)].map((m) => m[1]);

describe('directory columns by GraphQL field', () => {
  it.each([
    ['Service', SERVICE_FIELD_COLUMNS, SERVICE_COLUMNS, ''],
    ['Organization', ORGANIZATION_FIELD_COLUMNS, ORGANIZATION_COLUMNS, 'org_'],
    ['Location', LOCATION_FIELD_COLUMNS, LOCATION_COLUMNS, ''],
  ])('maps every field of %s in the committed schema, to columns that exist', (type, map, columns, prefix) => {
    expect(Object.keys(map).filter((f) => f !== '__typename').sort()).toEqual(fieldsOf(type));
    const known = new Set(aliases(columns));
    for (const from of Object.values(map)) for (const alias of from) expect(known.has(prefix + alias)).toBe(true);
  });

  it('reads only the columns of the selected fields, with the keys and what decides a hidden address', () => {
    const chosen = selectedColumns({ service: new Set(['name', 'hasCapacity']), organization: new Set(['id']), location: new Set(['addressLine']) });
    expect(aliases(chosen.service)).toEqual(['id', 'organizationId', 'name', 'capacityAvailable']);
    expect(chosen.organization).toBe('');
    expect(aliases(chosen.location)).toEqual(['loc_id', 'loc_organizationId', 'loc_addressLine', 'loc_regionCode', 'loc_confidential']);
    expect(aliases(selectedColumns({ service: new Set(), organization: new Set(['region']), location: new Set() }).organization)).toEqual(['org_regionCode']);
  });

  it('reads every column for a field it does not know, or when the selection is not known', () => {
    const all = { service: aliases(SERVICE_COLUMNS), organization: aliases(ORGANIZATION_COLUMNS), location: aliases(LOCATION_COLUMNS).map((a) => `loc_${a}`) };
    const aliasesOf = (c: ReturnType<typeof selectedColumns>) => ({ service: aliases(c.service), organization: aliases(c.organization), location: aliases(c.location) });
    expect(aliasesOf(selectedColumns({ service: new Set(['name', 'newField']), organization: new Set(['newField']), location: new Set(['newField']) }))).toEqual(all);
    expect(aliasesOf(selectedColumns({ service: null, organization: null, location: null }))).toEqual(all);
  });

  it('sends the text[] columns as text, for parseTextArray', () => {
    const { service } = selectedColumns({ service: new Set(['needCategories', 'free']), organization: new Set(), location: new Set() });
    expect(service).toContain('s.need_categories::text AS "needCategories"');
    expect(service).toContain('s.free AS "free"');
    expect(TEXT_ARRAY_ALIASES).toEqual(['needCategories', 'serviceTypes', 'requiredDocuments', 'languages', 'areaCodes']);
  });

  it("takes a row's organisation and location from their prefixed columns, leaving out those not read", () => {
    expect(organizationOfRow({ organizationId: 'o1', name: 'service', org_name: 'Org', org_active: false } as never)).toEqual({ id: 'o1', name: 'Org', active: false });
    expect(locationOfRow({ id: 's1', name: 'service', loc_id: 'l1', loc_name: 'Pos', loc_latitude: null })).toEqual({ id: 'l1', name: 'Pos', latitude: null });
    expect(locationOfRow({ id: 's1', name: 'service', loc_id: null, loc_name: null })).toBeNull();
  });
});
