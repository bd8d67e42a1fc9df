import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: 'ADMIN' | 'CASE_MANAGER' | 'COORDINATOR' | 'PARTNER_STAFF' | 'SUPERVISOR';
  organizationId: string | null;
}

interface SessionBody {
  user: SessionUser;
  csrfToken: string;
}

/**
 * The CSRF token of the cookie session. It lives in memory only (never localStorage): a reload asks the API
 * for it again (GET /auth/session), which only a page of this origin can read.
 */
let csrfToken: string | null = null;
export const currentCsrfToken = (): string | null => csrfToken;

interface SessionState {
  user: SessionUser | null;
  /** False until the first GET /auth/session answered. */
  ready: boolean;
  signIn(email: string, password: string): Promise<'ok' | 'invalid' | 'error'>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [ready, setReady] = useState(false);

  const accept = (body: SessionBody | null) => {
    csrfToken = body?.csrfToken ?? null;
    setUser(body?.user ?? null);
  };

  useEffect(() => {
    let live = true;
    fetch('/auth/session', { credentials: 'same-origin' })
      .then(async (res) => (res.ok ? ((await res.json()) as SessionBody) : null))
      .catch(() => null)
      .then((body) => {
        if (!live) return;
        accept(body);
        setReady(true);
      });
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    try {
      const res = await fetch('/auth/session', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status === 401 || res.status === 400) return 'invalid' as const;
      if (!res.ok) return 'error' as const;
      accept((await res.json()) as SessionBody);
      return 'ok' as const;
    } catch {
      return 'error' as const;
    }
  }, []);

  const signOut = useCallback(async () => {
    await fetch('/auth/session', {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    }).catch(() => undefined);
    accept(null);
  }, []);

  const value = useMemo(() => ({ user, ready, signIn, signOut }), [user, ready, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('no signed-in user');
  return user;
}

export const isPartner = (u: SessionUser): boolean => u.role === 'PARTNER_STAFF';
