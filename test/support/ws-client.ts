import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './harness';

/** A graphql-ws client with the token (and any `params`) in the connection params. */
export function wsClient(t: TestApp, token?: string, params: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...params },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects what a subscription yields. */
export function collect(client: Client, query: string): { items: any[]; errors: unknown[]; done: Promise<void>; stop: () => void } {
  const items: any[] = [];
  const errors: unknown[] = [];
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe({ query }, {
      next: (v) => (v.errors ? errors.push(...v.errors) : items.push(v.data)),
      error: (e) => {
        errors.push(e);
        resolve();
      },
      complete: () => resolve(),
    });
  });
  return { items, errors, done, stop };
}

