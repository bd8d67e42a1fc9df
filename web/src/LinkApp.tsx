import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Route, Routes } from 'react-router-dom';
import { makeApolloClient } from './apollo';
import { Loading } from './components/common';

const LinkPage = lazy(() => import('./pages/LinkPage'));

/** The single-referral link page: no session, the token in the address is the credential. */
export default function LinkApp() {
  const api = useMemo(() => makeApolloClient(), []);
  useEffect(() => () => api.dispose(), [api]);
  return (
    <ApolloProvider client={api.client}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/link/:token" element={<LinkPage />} />
        </Routes>
      </Suspense>
    </ApolloProvider>
  );
}
