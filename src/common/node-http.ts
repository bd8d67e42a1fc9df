import type { ArgumentsHost } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Node request and response of an HTTP route, under Fastify's request and reply: exception filters and
 * streamed downloads write to the response directly (Fastify leaves a response that has ended alone).
 */
export function nodeHttp(host: ArgumentsHost): { req: IncomingMessage; res: ServerResponse } {
  const http = host.switchToHttp();
  return { req: http.getRequest<{ raw: IncomingMessage }>().raw, res: http.getResponse<{ raw: ServerResponse }>().raw };
}
