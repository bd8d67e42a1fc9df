import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PgListener } from '../database/pg-listener';
import { UserEntity } from './user.entity';
import type { Viewer } from '../common/viewer';
import { USER_CHANGED_CHANNEL, ViewerCache } from './viewer-cache';
import { CsrfTokens, originOf, sessionCookieOf } from './session-cookie';
import { randomUUID } from 'node:crypto';

interface TokenClaims {
  sub: string;
  role: string;
  /** Session id: set on the console's cookie sessions only (POST /auth/session), which sign-out revokes. */
  sid?: string;
}

/** User ids are UUIDs (user_account.id). */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** argon2id hashes; a fixed dummy hash keeps the time of a login for an unknown email alike. */
const DUMMY_HASH = argon2.hash('rujuk-timing-equaliser', { type: argon2.argon2id });

@Injectable()
export class AuthService implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Signed-in users between requests, evicted by the user_account trigger's NOTIFY (viewer-cache.ts). */
  private readonly viewers = new ViewerCache(AuthService.VIEWER_TTL_MS);
  private static readonly VIEWER_TTL_MS = 5 * 60_000;
  private readonly userChanges: PgListener;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.csrf = new CsrfTokens(config.auth.jwtSecret);
    this.userChanges = new PgListener({
      url: config.database.url,
      channel: USER_CHANGED_CHANNEL,
      applicationName: 'rujuk-user-changes',
      onNotify: (id) => {
        this.viewers.evict(id);
        this.announceChange(id);
      },
      onListening: () => {
        this.viewers.resume();
        this.announceChange('');
      },
      onLost: () => this.viewers.suspend(),
    });
  }

  private readonly changeListeners: ((userId: string) => void)[] = [];

  /**
   * This process committed a change of the user: forget its cached viewer now, so the response to the change is
   * not followed by a request still served from memory (the NOTIFY that evicts it arrives a moment after commit).
   */
  userCommitted(userId: string): void {
    this.viewers.evict(userId);
  }

  /** `listener` hears the id of every user that changed ('' when any may have: the feed was down); used to re-check open sockets. */
  onUserChanged(listener: (userId: string) => void): void {
    this.changeListeners.push(listener);
  }

  private announceChange(userId: string): void {
    for (const l of this.changeListeners) l(userId);
  }

  onApplicationBootstrap(): void {
    this.userChanges.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.viewers.suspend();
    await this.userChanges.stop();
  }

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /** Checks the password; returns the user or null. Never says which of email or password was wrong. */
  async verifyCredentials(email: string, password: string): Promise<{ user: UserEntity | null; accountId: string | null }> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    const ok = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password).catch(() => false);
    if (!user || !ok || !user.active) return { user: null, accountId: user?.id ?? null };
    return { user, accountId: user.id };
  }

  async issueToken(user: UserEntity): Promise<{ token: string; expiresAt: Date }> {
    const ttl = this.config.auth.jwtTtlSeconds;
    const token = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies TokenClaims, { expiresIn: ttl });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /**
   * A console session: a token like issueToken's with a random session id (`sid`), which sign-out revokes
   * (auth_session_revocation) and from which the session's CSRF token is derived.
   */
  async issueSessionToken(user: { id: string; role: string }): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const ttl = this.config.auth.jwtTtlSeconds;
    const sessionId = randomUUID();
    const token = await this.jwt.signAsync({ sub: user.id, role: user.role, sid: sessionId } satisfies TokenClaims, { expiresIn: ttl });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000), sessionId };
  }

  /** The CSRF tokens of console sessions (derived from the session id; nothing stored). */
  readonly csrf: CsrfTokens;

  /** The session id of a token whose signature and expiry hold, or null (a plain bearer token, a bad or expired one). */
  async verifiedSessionId(token: string): Promise<string | null> {
    const claims = await this.verifyToken(token).catch(() => null);
    return claims?.sid ?? null;
  }

  /** The session id of a token viewerFromToken accepted (undefined for a plain bearer token from `login`). */
  sessionIdOf(token: string): string | undefined {
    const sid = (this.jwt.decode<{ sid?: unknown } | null>(token))?.sid;
    return typeof sid === 'string' ? sid : undefined;
  }

  /**
   * Signs a console session out for good: its id is recorded until the token would have expired, and every
   * later use of the token (cookie, bearer header or WebSocket) is refused. Expired records are pruned here.
   */
  async revokeSession(token: string): Promise<void> {
    let claims: TokenClaims & { exp: number };
    try {
      claims = (await this.verifyToken(token)) as TokenClaims & { exp: number };
    } catch {
      return; // nothing valid to revoke
    }
    if (!claims.sid) return;
    await this.users.query(
      `WITH pruned AS (DELETE FROM auth_session_revocation WHERE expires_at < now())
       INSERT INTO auth_session_revocation (session_id, user_id, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT (session_id) DO NOTHING`,
      [claims.sid, claims.sub, claims.exp],
    );
  }

  /**
   * The session token of a browser's WebSocket upgrade: its cookie, when the upgrade comes from the console's
   * own origin (PUBLIC_APP_URL) and the connection params carry the session's CSRF token. Null otherwise.
   */
  async sessionTokenOfUpgrade(headers: Record<string, string | string[] | undefined>, csrfToken: unknown): Promise<string | null> {
    const token = sessionCookieOf(headers);
    if (!token) return null;
    const origin = Array.isArray(headers['origin']) ? headers['origin'][0] : headers['origin'];
    if (!origin || origin !== originOf(this.config.notifications.publicUrl)) return null;
    const sid = await this.verifiedSessionId(token);
    if (!sid || !this.csrf.matches(sid, csrfToken)) return null;
    return token;
  }

  /**
   * Tokens whose signature was already checked, with their expiry. A signature check is deterministic, and
   * jsonwebtoken builds a key object on every call (14% of the API's CPU under load), so a verified token is
   * remembered until it expires.
   */
  private readonly verified = new Map<string, TokenClaims & { exp: number }>();
  private static readonly VERIFIED_MAX = 10_000;

  private async verifyToken(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > Date.now()) return known;
    if (known) this.verified.delete(token);
    let claims: TokenClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & { exp: number }>(token, { algorithms: ['HS256'] });
    } catch (err) {
      const expired = (err as Error).name === 'TokenExpiredError';
      throw AppError.unauthenticated(expired ? 'Token expired' : 'Invalid token');
    }
    // A token must expire, and name a user: one signed with our secret but without either is not one we issued.
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || !USER_ID.test(claims.sub)) {
      throw AppError.unauthenticated('Invalid token');
    }
    if (claims.sid !== undefined && (typeof claims.sid !== 'string' || !USER_ID.test(claims.sid))) throw AppError.unauthenticated('Invalid token');
    if (this.verified.size >= AuthService.VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }

  /** A signed-out session (one indexed read; only console sessions carry an id). */
  private async assertSessionLive(sessionId: string): Promise<void> {
    const rows: unknown[] = await this.users.query(`SELECT 1 FROM auth_session_revocation WHERE session_id = $1`, [sessionId]);
    if (rows.length) throw AppError.unauthenticated('Session signed out');
  }

  /** When a token expires (ms since the epoch), read without checking it: call it on a token viewerFromToken accepted. */
  tokenExpiresAt(token: string): number | undefined {
    const exp = (this.jwt.decode<{ exp?: unknown } | null>(token))?.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  }

  /**
   * viewerFromToken without waiting, when it needs neither a signature check nor a read: a token verified before
   * and not expired, of a user in the viewer cache. Undefined otherwise (then call viewerFromToken), and always
   * for a console session's token, whose revocation is read on every request.
   */
  viewerFromTokenNow(token: string): Viewer | undefined {
    const known = this.verified.get(token);
    if (!known || known.exp * 1000 <= Date.now() || known.sid) return undefined;
    return this.viewers.get(known.sub);
  }

  /**
   * Verifies a bearer token and finds its user, active and as they are now: from the viewer cache, which the
   * user_account trigger keeps current, or with one indexed read (no entity hydration: this runs on every
   * operation). A deactivation or role change takes effect at the next request.
   */
  async viewerFromToken(token: string): Promise<Viewer> {
    const claims = await this.verifyToken(token);
    if (claims.sid) await this.assertSessionLive(claims.sid);
    const cached = this.viewers.get(claims.sub);
    if (cached) return cached;
    const epoch = this.viewers.begin();
    const [user]: (Viewer & { active: boolean })[] = await this.users.query(
      `SELECT id, email, role, organization_id AS "organizationId", region_scope AS "regionScope", active FROM user_account WHERE id = $1`,
      [claims.sub],
    );
    if (!user || !user.active) throw AppError.unauthenticated('User is not active');
    const viewer: Viewer = Object.freeze({
      id: user.id,
      email: user.email,
      role: user.role,
      organizationId: user.organizationId,
      regionScope: user.regionScope,
    });
    this.viewers.store(viewer, epoch);
    return viewer;
  }
}
