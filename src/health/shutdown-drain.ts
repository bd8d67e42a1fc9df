import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * A stopping API drains before it closes (SHUTDOWN_DRAIN_SECONDS; main.ts calls stopApi on SIGTERM/SIGINT):
 * readiness turns 503 so a load balancer stops sending, and every response says `Connection: close` so
 * keep-alive clients take their next request elsewhere; then the application closes as Nest closes it (the
 * GraphQL server stops taking requests and waits for those in flight, then the connections are closed).
 * Behind a load balancer that follows readiness, traffic has moved away when the server closes; without the
 * drain, closing under load reset the requests clients were writing on idle keep-alive connections (ECONNRESET
 * for 3 of 10 clients in a test). Clients that keep calling this process directly still meet the close.
 * It cannot be a Nest shutdown hook: the GraphQL module closes the HTTP server in its onModuleDestroy, the first
 * hook Nest runs.
 */
@Injectable()
export class ShutdownDrain {
  private isDraining = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get draining(): boolean {
    return this.isDraining;
  }

  /** Turns unready and closes keep-alive connections for SHUTDOWN_DRAIN_SECONDS. */
  async drain(): Promise<void> {
    this.isDraining = true;
    const ms = this.config.http.drainSeconds * 1000;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Middleware: `Connection: close` on every response once draining. */
  readonly middleware = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.isDraining) res.setHeader('Connection', 'close');
    next();
  };
}

/** How the API stops: drained, then closed (database, Redis and queues last). */
export async function stopApi(app: INestApplication): Promise<void> {
  await app.get(ShutdownDrain).drain();
  await app.close();
}
