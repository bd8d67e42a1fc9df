import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { makeApolloClient } from './apollo';
import { Loading } from './components/common';
import { useSession } from './session';
import { Shell } from './Shell';

// Every page is its own chunk, loaded on first visit.
const HomePage = lazy(() => import('./pages/HomePage'));
const ClientsPage = lazy(() => import('./pages/ClientsPage'));
const ClientPage = lazy(() => import('./pages/ClientPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const MatchPage = lazy(() => import('./pages/MatchPage'));
const ReferralPage = lazy(() => import('./pages/ReferralPage'));
const FollowUpsPage = lazy(() => import('./pages/FollowUpsPage'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const ServicesPage = lazy(() => import('./pages/ServicesPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

/** The console behind the sign-in: one Apollo client (HTTP + graphql-ws) for the session. */
export default function SignedInApp() {
  const { user } = useSession();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const api = useMemo(() => makeApolloClient(), [user?.id]);
  useEffect(() => () => api.dispose(), [api]);
  return (
    <ApolloProvider client={api.client}>
      <Shell>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/clients" element={<ClientsPage />} />
            <Route path="/clients/:id" element={<ClientPage />} />
            <Route path="/cases/:id" element={<CasePage />} />
            <Route path="/cases/:caseId/needs/:needId/match" element={<MatchPage />} />
            <Route path="/referrals/:id" element={<ReferralPage />} />
            <Route path="/follow-ups" element={<FollowUpsPage />} />
            <Route path="/inbox" element={<InboxPage />} />
            <Route path="/services" element={<ServicesPage />} />
            <Route path="/sign-in" element={<Navigate to="/" replace />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </Shell>
    </ApolloProvider>
  );
}
