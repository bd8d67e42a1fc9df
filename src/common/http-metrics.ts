import type { ServerResponse } from 'node:http';
import { httpRequestDuration, statusClass } from './metrics';

/** Mounted paths that are not Nest routes (Apollo, the queue dashboard): each is one route label. */
const MOUNTED = ['/graphql', '/admin/queues'];

/** What the metrics read of a request: Fastify's request, with the pattern of the route it matched. */
interface RoutedRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  routeOptions?: { url?: string };
}

/** The route a request is counted under: the route's pattern, a mounted path, or `other` (bounded). */
export function routeLabel(req: RoutedRequest): string {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const mounted = MOUNTED.find((m) => path === m || path.startsWith(`${m}/`));
  if (mounted) return mounted;
  const pattern = req.routeOptions?.url;
  return typeof pattern === 'string' ? pattern || '/' : 'other';
}

/** Fastify `onRequest` hook: every HTTP request's duration by method, route and status class. */
export function httpMetricsMiddleware(req: RoutedRequest, res: ServerResponse, next: () => void): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => {
    const method = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(req.method ?? '') ? req.method! : 'OTHER';
    end({ method, route: routeLabel(req), status: statusClass(res.statusCode) });
  });
  next();
}
