import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';

/** The request hooks a combined plugin passes on; a plugin using another one is refused when it is combined. */
const REQUEST_HOOKS = ['didResolveOperation', 'didEncounterErrors', 'willSendResponse'] as const;
type RequestHook = (typeof REQUEST_HOOKS)[number];
const PLUGIN_HOOKS = new Set(['serverWillStart', 'requestDidStart']);

/**
 * The API's own Apollo plugins as one. Apollo calls every plugin for each request, and every request listener
 * for each of a request's phases, through `Promise.all`: each listener costs about ten promises per request
 * whether or not it has a hook for the phase, and on Node 20 every promise also runs AsyncLocalStorage's
 * promise hooks (request-context.ts). Here each phase runs the plugins' hooks in the order given, each awaited
 * before the next, so a refusal thrown by one (the argument guard) stops the rest as Apollo's would stop the
 * request. Only `serverWillStart` (with no server listener) and the request hooks in REQUEST_HOOKS are
 * supported: a plugin with any other hook is refused here, or when its request listener has one.
 */
export function combinedPlugin(plugins: ApolloServerPlugin[]): ApolloServerPlugin {
  for (const p of plugins) {
    const other = Object.keys(p).find((k) => !PLUGIN_HOOKS.has(k));
    if (other) throw new Error(`combinedPlugin: the plugin hook ${other} is not supported`);
  }
  const starting = plugins.filter((p) => p.serverWillStart);
  const requesting = plugins.filter((p) => p.requestDidStart);
  return {
    async serverWillStart(service) {
      for (const p of starting) {
        if (await p.serverWillStart!(service)) throw new Error('combinedPlugin: a server listener is not supported');
      }
    },
    async requestDidStart(requestContext) {
      const listeners: GraphQLRequestListener<BaseContext>[] = [];
      for (const p of requesting) {
        const listener = await p.requestDidStart!(requestContext);
        if (!listener) continue;
        const other = Object.keys(listener).find((k) => !(REQUEST_HOOKS as readonly string[]).includes(k));
        if (other) throw new Error(`combinedPlugin: the request hook ${other} is not supported`);
        listeners.push(listener);
      }
      if (!listeners.length) return;
      const combined: GraphQLRequestListener<BaseContext> = {};
      for (const hook of REQUEST_HOOKS) {
        const each = listeners.filter((l) => l[hook]);
        if (each.length) combined[hook] = sequence(each, hook) as never;
      }
      return combined;
    },
  };
}

function sequence(listeners: GraphQLRequestListener<BaseContext>[], hook: RequestHook) {
  return async (ctx: unknown): Promise<void> => {
    for (const l of listeners) await (l[hook] as (c: unknown) => Promise<void>)(ctx);
  };
}
