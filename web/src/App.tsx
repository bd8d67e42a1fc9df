import { lazy, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from './components/common';
import { useSession } from './session';
import SignInPage from './pages/SignInPage';

// The sign-in page ships alone; the GraphQL client and the pages load after signing in.
const SignedInApp = lazy(() => import('./SignedInApp'));
const LinkApp = lazy(() => import('./LinkApp'));

export function App() {
  const { user, ready } = useSession();
  const location = useLocation();
  if (location.pathname.startsWith('/link/')) {
    return (
      <Suspense fallback={<Loading />}>
        <LinkApp />
      </Suspense>
    );
  }
  if (!ready) return <Loading />;
  if (!user) {
    if (location.pathname === '/sign-in') return <SignInPage />;
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <Suspense fallback={<Loading />}>
      <SignedInApp />
    </Suspense>
  );
}
