import bodyParser from 'body-parser';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** HTTP_BODY_LIMIT (`100kb`, `1mb`, `2048`: bytes, units of 1024) as a number of bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`HTTP_BODY_LIMIT must be a size such as 100kb or 1mb, not "${limit}"`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/**
 * The request bodies the API reads, with body-parser's `json()` (the parser Express used, here on the Node request
 * under Fastify's): JSON, its FHIR (`application/fhir+json`) and JSON Patch (`application/json-patch+json`) forms,
 * at most `limit` bytes (after gzip, deflate or br), an object or an array (`{}` for an empty body), UTF-8;
 * refused with body-parser's status and error `type` otherwise (fhirBodyErrors maps the types). Any other body is
 * not read: it is left on the request for its route (the directory import streams its file).
 */
export function registerBodyParsers(fastify: FastifyInstance, limit: number): void {
  // Fastify has already matched the content type; body-parser reads whatever it is handed.
  const json = bodyParser.json({ limit, strict: true, type: () => true });
  fastify.removeAllContentTypeParsers();
  for (const type of ['application/json', /^application\/[^/;\s]+\+json$/i]) {
    fastify.addContentTypeParser(type as string, (req, _payload, done) => {
      const raw = req.raw as IncomingMessage & { body?: unknown };
      json(raw, undefined as unknown as ServerResponse, (err?: unknown) => (err ? done(err as Error) : done(null, raw.body ?? {})));
    });
  }
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
