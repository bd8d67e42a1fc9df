import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, resolve } from 'node:path';
import serveStatic from 'serve-static';

/** First path segments the API answers itself: never the console's, whatever the Accept header. */
export const API_PREFIXES = ['/graphql', '/auth', '/reports', '/healthz', '/readyz', '/metrics', '/hsds', '/fhir', '/admin'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));
}

/**
 * `<repo>/web/dist`, found from this file's folder: `<repo>/src/web-console` under ts-node,
 * `<repo>/dist/src/web-console` once compiled (also `/app/dist/src/web-console` in the image -> `/app/web/dist`).
 */
export function defaultWebDistDir(here: string = __dirname): string {
  let root = resolve(here, '..', '..');
  if (basename(root) === 'dist') root = resolve(root, '..');
  return join(root, 'web', 'dist');
}

/**
 * The console's Content-Security-Policy: everything from this origin only (no CDN), scripts only as files (Vite
 * emits no inline script), inline styles allowed (the component library sets CSS variables in a style element
 * and style attributes), images and fonts also as data: URLs (Vite inlines small assets), the API and its
 * WebSocket on this origin, no framing, no plugins.
 */
export function contentSecurityPolicy(publicUrl: string): string {
  let ws = '';
  try {
    const u = new URL(publicUrl);
    ws = ` ${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
  } catch {
    ws = '';
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

type Req = IncomingMessage & { path?: string; accepts?: (type: string) => string | false };
type Handler = (req: Req, res: ServerResponse, next: (err?: unknown) => void) => void;

const NOT_BUILT = 'The web console is not built (no index.html in WEB_DIST_DIR); the API answers at /graphql.\n';

/**
 * Middleware (on the Node request and response) serving the built console (Vite's `web/dist`), before the API's routes:
 *  - `/assets/*` (content-hashed file names): cached for a year, immutable; a missing asset is a 404, never the page;
 *  - other files at the top of dist (favicon, robots.txt): revalidated on every use;
 *  - any other GET/HEAD that is not an API path and accepts text/html: `index.html` (no-cache), so client-side
 *    routes such as `/referrals/<id>` or `/link/<token>` load on reload;
 *  - everything else (API paths, other methods, non-HTML requests) goes on to the API unchanged.
 * Without a built console (API-only deployments) only `GET /` answers, 404 with one line of text.
 */
export function webConsoleMiddleware(options: { distDir: string; publicUrl: string }): Handler {
  const dir = resolve(options.distDir);
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    return (req, res, next) => {
      if ((req.method === 'GET' || req.method === 'HEAD') && pathOf(req) === '/') {
        res.statusCode = 404;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
        return;
      }
      next();
    };
  }
  const csp = contentSecurityPolicy(options.publicUrl);
  const common = (res: ServerResponse) => {
    res.setHeader('x-content-type-options', 'nosniff');
    // A single-referral link carries its token in the URL: never send it on as a Referer.
    res.setHeader('referrer-policy', 'no-referrer');
  };
  const assets = serveStatic(join(dir, 'assets'), {
    index: false, redirect: false, dotfiles: 'ignore', fallthrough: false, immutable: true, maxAge: '365d',
    setHeaders: (res) => common(res as unknown as ServerResponse),
  }) as unknown as Handler;
  const topFiles = serveStatic(dir, {
    index: false, redirect: false, dotfiles: 'ignore', fallthrough: true, cacheControl: false,
    setHeaders: (res) => {
      (res as unknown as ServerResponse).setHeader('cache-control', 'no-cache');
      common(res as unknown as ServerResponse);
    },
  }) as unknown as Handler;

  const sendIndex = (req: Req, res: ServerResponse, next: (err?: unknown) => void) => {
    readFile(indexFile).then((html) => {
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      res.setHeader('content-security-policy', csp);
      res.setHeader('x-frame-options', 'DENY');
      common(res);
      res.setHeader('content-length', html.length);
      res.end(req.method === 'HEAD' ? undefined : html);
    }, next);
  };

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = pathOf(req);
    if (isApiPath(path)) return next();
    if (path.startsWith('/assets/')) {
      // serve-static resolves below the assets folder (no traversal); a missing file is its 404.
      const url = req.url ?? '';
      req.url = url.slice('/assets'.length) || '/';
      return assets(req, res, (err?: unknown) => {
        req.url = url;
        const status = (err as { status?: number } | undefined)?.status;
        if (status === 404 || status === 403) {
          res.statusCode = 404;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.setHeader('cache-control', 'no-store');
          res.end('Not found\n');
          return;
        }
        next(err);
      });
    }
    if (path === '/' || path === '/index.html') return sendIndex(req, res, next);
    topFiles(req, res, () => {
      if (!wantsHtml(req)) return next();
      sendIndex(req, res, next);
    });
  };
}

function pathOf(req: Req): string {
  return req.path ?? (req.url ?? '/').split('?')[0];
}

function wantsHtml(req: Req): boolean {
  if (req.accepts) return req.accepts('html') === 'html';
  return /text\/html|\*\/\*/.test(String(req.headers.accept ?? '*/*'));
}
