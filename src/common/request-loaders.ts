import DataLoader from 'dataloader';
import type { Viewer } from './viewer';

/**
 * The GraphQL context as a field resolver receives it in graphql-js's own signature `(root, args, context)`.
 * Field resolvers on list items take that signature, with no parameter decorators (@Root, @Context): Nest then
 * binds the method itself as the resolver. With parameter decorators every call goes through Nest's context
 * creator and the global ValidationPipe (class-transformer and class-validator on the root object): about
 * 15-30 microseconds per item, 0.3-0.6 ms of CPU on a page of 20 search results (measured with bench:search).
 */
export interface ResolverContext {
  req: { user?: Viewer };
}

/**
 * A kind of per-request loader: its key and value types, and an identity of its own (a symbol), so two
 * definitions never share a loader by accident because they chose the same name. Define each once, beside the
 * service whose batch read it wraps, and reach it through that service (e.g. OrganizationsService.loader).
 */
export interface LoaderDefinition<K, V> {
  readonly name: string;
  readonly id: symbol;
  /** Phantom: carries K and V for requestLoader's types. */
  readonly types?: (k: K) => V;
}

export function defineLoader<K, V>(name: string): LoaderDefinition<K, V> {
  return { name, id: Symbol(name) };
}

const perRequest = new WeakMap<object, Map<symbol, DataLoader<unknown, unknown>>>();

/**
 * The DataLoader of this definition for one request: relations a list can reach are fetched in one batch per
 * request instead of once per item. `request` is the GraphQL context's req object; `batch` is used when the
 * request has no loader of this definition yet.
 */
export function requestLoader<K, V>(
  request: object,
  definition: LoaderDefinition<K, V>,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  let loaders = perRequest.get(request);
  if (!loaders) {
    loaders = new Map();
    perRequest.set(request, loaders);
  }
  let loader = loaders.get(definition.id) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    loaders.set(definition.id, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** Orders rows by the keys asked for; a key with no row gets `fallback`. */
export function byKeys<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K, fallback: R | null = null): (R | null)[] {
  const map = new Map<K, R>();
  for (const r of rows) map.set(keyOf(r), r);
  return keys.map((k) => map.get(k) ?? fallback);
}

/** Groups rows under the keys asked for. */
export function groupByKeys<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
