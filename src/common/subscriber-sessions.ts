import { AppError } from './app-error';
import type { Viewer } from './viewer';

/** What the WebSocket transport needs from authentication (AuthService provides it). */
export interface SubscriberAuth {
  /** The token's user as they are now; throws UNAUTHENTICATED when the token or the user is no longer good. */
  viewerFromToken(token: string): Promise<Viewer>;
  /** When the (already verified) token expires, in ms since the epoch. */
  tokenExpiresAt(token: string): number | undefined;
  /** Calls `listener` with a user's id when that user changed ('' when anyone may have). */
  onUserChanged(listener: (userId: string) => void): void;
  /**
   * A browser's session token from the WebSocket upgrade (its cookie, from the console's own origin, with the
   * session's CSRF token in the connection params), or null.
   */
  sessionTokenOfUpgrade?(headers: Record<string, string | string[] | undefined>, csrfToken: unknown): Promise<string | null>;
}

/** graphql-ws close codes (graphql-ws's CloseCode): the client must sign in again. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

interface SocketLike {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The longest delay setTimeout takes; a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** True when the fields that decide what a viewer may see differ. */
export function viewerChanged(a: Viewer, b: Viewer): boolean {
  return a.id !== b.id || a.role !== b.role || a.organizationId !== b.organizationId || a.regionScope !== b.regionScope;
}

/**
 * One signed-in WebSocket connection. Its viewer is re-checked on every event (live()) and whenever the user
 * changes (the user_account NOTIFY); the socket closes when the user is deactivated, loses or changes the role,
 * organisation or region it subscribed with (the client reconnects and subscribes as who it is now), or when the
 * token expires. Subscriptions chose their channels for the viewer at subscribe time, so a changed viewer cannot
 * keep them.
 */
export class SubscriberSession {
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly auth: SubscriberAuth,
    private readonly token: string,
    public viewer: Viewer,
    private readonly socket: SocketLike,
    private readonly onEnd: (s: SubscriberSession) => void,
  ) {
    socket.once('close', () => this.end());
    this.armExpiry();
  }

  private armExpiry(): void {
    const expiresAt = this.auth.tokenExpiresAt(this.token);
    if (expiresAt === undefined) return;
    const delay = expiresAt - Date.now();
    if (delay <= 0) return this.close(CLOSE_UNAUTHORIZED, 'Token expired');
    this.timer = setTimeout(() => this.armExpiry(), Math.min(delay, MAX_TIMER_MS));
    this.timer.unref();
  }

  /** The viewer as they are now; closes the socket and throws when they may no longer listen. */
  async live(): Promise<Viewer> {
    if (this.closed) throw AppError.unauthenticated('The connection is closed');
    let now: Viewer;
    try {
      now = await this.auth.viewerFromToken(this.token);
    } catch (err) {
      this.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
      throw err;
    }
    if (viewerChanged(now, this.viewer)) {
      this.close(CLOSE_FORBIDDEN, 'Forbidden: the user changed; reconnect');
      throw AppError.unauthenticated('The user changed; reconnect');
    }
    return now;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.end();
    this.socket.close(code, reason);
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.onEnd(this);
  }
}

/** Every open signed-in socket of this process by user, re-checked when the user_account NOTIFY names the user. */
export class SubscriberSessions {
  private readonly byUser = new Map<string, Set<SubscriberSession>>();

  constructor(private readonly auth: SubscriberAuth) {
    auth.onUserChanged((id) => void this.recheck(id));
  }

  open(token: string, viewer: Viewer, socket: SocketLike): SubscriberSession {
    const session = new SubscriberSession(this.auth, token, viewer, socket, (s) => this.forget(s));
    let set = this.byUser.get(viewer.id);
    if (!set) this.byUser.set(viewer.id, (set = new Set()));
    set.add(session);
    return session;
  }

  private forget(s: SubscriberSession): void {
    const set = this.byUser.get(s.viewer.id);
    set?.delete(s);
    if (set && set.size === 0) this.byUser.delete(s.viewer.id);
  }

  /** Re-checks the sockets of one user ('' = all of them); live() closes those that may no longer listen. */
  async recheck(userId: string): Promise<void> {
    const sessions = userId ? [...(this.byUser.get(userId) ?? [])] : [...this.byUser.values()].flatMap((s) => [...s]);
    await Promise.all(sessions.map((s) => s.live().catch(() => undefined)));
  }
}

/** The request-like context of a subscription over WebSocket; `live` re-checks the viewer (SubscriberSession.live). */
export interface SubscriberRequest {
  user?: Viewer;
  headers: Record<string, string>;
  live?: () => Promise<Viewer>;
}

/**
 * The subscriber as they are now, for a subscription's per-event resolve: re-checked (and the socket closed
 * when they may no longer listen) over WebSocket.
 */
export async function liveSubscriber(ctx: { req?: SubscriberRequest }): Promise<Viewer> {
  const req = ctx.req;
  if (req?.live) return req.live();
  if (!req?.user) throw AppError.unauthenticated();
  return req.user;
}
