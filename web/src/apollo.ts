import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import i18n from './i18n';
import { currentCsrfToken } from './session';

/**
 * One Apollo client per signed-in session: queries and mutations over POST /graphql with the session cookie and
 * the CSRF header, subscriptions over graphql-ws on the same origin with the CSRF token as a connection param.
 */
export function makeApolloClient(): { client: ApolloClient; dispose(): void } {
  const http = new HttpLink({
    uri: '/graphql',
    credentials: 'same-origin',
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      const csrf = currentCsrfToken();
      if (csrf) headers.set('x-csrf-token', csrf);
      headers.set('accept-language', i18n.language === 'en' ? 'en' : 'id');
      return fetch(input, { ...init, headers });
    },
  });
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createClient({
    url: wsUrl,
    connectionParams: () => ({ csrfToken: currentCsrfToken() }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  const link = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    http,
  );
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return {
    client,
    dispose: () => {
      void ws.dispose();
      client.stop();
      void client.clearStore();
    },
  };
}
