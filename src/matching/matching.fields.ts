import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { SelectedFields } from '../directory/directory-columns';

/** The fields selected under a field (object types only here, so one type name), fragments and aliases resolved. */
const children = (tree: ResolveTree): ResolveTree[] => Object.values(tree.fieldsByTypeName).flatMap((byName) => Object.values(byName));

/**
 * The fields a matchServices request selects of the services it shows (candidates' and near misses'), of their
 * organisations and of the candidates' locations, with fragments, aliases and @skip/@include resolved
 * (graphql-parse-resolve-info); the run statement reads only their columns (match-run.query.ts).
 */
export function shownFields(info: GraphQLResolveInfo): SelectedFields {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return { service: null, organization: null, location: null };
  const service = new Set<string>();
  const organization = new Set<string>();
  const location = new Set<string>();
  const addService = (field: ResolveTree) => {
    for (const f of children(field)) {
      service.add(f.name);
      if (f.name === 'organization') for (const o of children(f)) organization.add(o.name);
    }
  };
  for (const field of children(tree)) {
    for (const item of field.name === 'candidates' || field.name === 'excluded' ? children(field) : []) {
      if (item.name === 'service') addService(item);
      if (item.name === 'location') for (const l of children(item)) location.add(l.name);
    }
  }
  return { service, organization, location };
}
