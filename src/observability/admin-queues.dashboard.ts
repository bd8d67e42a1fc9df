import { Injectable, Logger } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { JobQueue } from '../jobs/job-queue';
import { QUEUES } from '../jobs/job-registry';
import { AuthService } from '../identity/auth.service';
import { hasBearer, needsCsrf, sessionCookieOf } from '../identity/session-cookie';

/** Where the dashboard is mounted. */
export const ADMIN_QUEUES_PATH = '/admin/queues';

type Req = IncomingMessage & { originalUrl?: string; csrfChecked?: boolean };

/**
 * Bull Board (the BullMQ dashboard: every queue, its jobs by state, a job's data, attempts and error) at
 * /admin/queues, for admins only. Who asks is taken as the GraphQL API takes it: a bearer token, or the console's
 * session cookie (a browser cannot send a bearer header when it opens the page). Without either: 401; a user
 * who is not an ADMIN (or a deactivated one): 403. The dashboard's actions (retry, promote, clean) are unsafe
 * requests: with a cookie they need the session's X-CSRF-Token like every other (checked before this, by
 * sessionCsrfMiddleware), which the dashboard's page does not send, so from a browser it is read-only; with a
 * bearer token they work.
 */
@Injectable()
export class AdminQueuesDashboard {
  private readonly logger = new Logger('AdminQueues');

  constructor(
    private readonly jobs: JobQueue,
    private readonly auth: AuthService,
  ) {}

  /**
   * The dashboard, a Fastify plugin to register with the prefix ADMIN_QUEUES_PATH: the admin check is a hook of
   * the plugin's own routes (whatever path reached them), then the dashboard.
   */
  plugin(): FastifyPluginCallback {
    const adapter = new FastifyAdapter();
    adapter.setBasePath(ADMIN_QUEUES_PATH);
    createBullBoard({ queues: Object.values(QUEUES).map((q) => new BullMQAdapter(this.jobs.queue(q))), serverAdapter: adapter });
    const dashboard = adapter.registerPlugin();
    return (scope, options, done) => {
      scope.addHook('onRequest', (request, reply, next) => void this.admit(request.raw as Req, reply, next));
      dashboard(scope, options, done);
    };
  }

  private async admit(req: Req, res: FastifyReply, next: () => void): Promise<void> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const cookie = hasBearer(req.headers) ? undefined : sessionCookieOf(req.headers);
    const token = bearer ?? (cookie && this.auth.sessionIdOf(cookie) ? cookie : undefined);
    if (!token) return this.refuse(res, 401, 'Sign in as an admin (bearer token or the console session)');
    if (!bearer && needsCsrf(req.method, ADMIN_QUEUES_PATH) && !req.csrfChecked) return this.refuse(res, 403, 'Missing or wrong X-CSRF-Token header for a cookie session');
    const viewer = await this.auth.viewerFromToken(token).catch(() => null);
    if (!viewer) return this.refuse(res, 401, 'Sign in as an admin (bearer token or the console session)');
    if (viewer.role !== 'ADMIN') return this.refuse(res, 403, 'Only admins see the queue dashboard');
    if (!['GET', 'HEAD'].includes(req.method ?? 'GET')) this.logger.log({ userId: viewer.id, method: req.method, path: req.originalUrl }, 'queue dashboard action');
    next();
  }

  private refuse(reply: FastifyReply, status: number, message: string): void {
    reply.code(status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store')
      .send(JSON.stringify({ statusCode: status, message }));
  }
}
