import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** HTTP_BODY_LIMIT (`100kb`, `1mb`, `2048`: bytes, units of 1024) as a number of bytes. */
export function bodyLimitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`HTTP_BODY_LIMIT must be a size such as 100kb or 1mb, not "${limit}"`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** A body that could not be read, with the `type` and status body-parser gives it (fhirBodyErrors maps the types). */
export type BodyError = Error & { status: number; statusCode: number; expose: true; type: string; limit?: number };

function bodyError(status: number, message: string, type: string, extra: Record<string, unknown> = {}, error: Error = new Error(message)): BodyError {
  return Object.assign(error, { status, statusCode: status, expose: true as const, type, ...extra });
}

/**
 * The request bodies the API reads, as Express's `json()` read them: JSON, its FHIR (`application/fhir+json`) and
 * JSON Patch (`application/json-patch+json`) forms, at most `limit` bytes (after gzip, deflate or br), an object
 * or an array (`{}` for an empty body), UTF-8; refused with body-parser's status and `type` otherwise. Any other
 * body is not read: it is left on the request for its route (the directory import streams its file).
 */
export function registerBodyParsers(fastify: FastifyInstance, limit: number): void {
  fastify.removeAllContentTypeParsers();
  for (const type of ['application/json', /^application\/[^/;\s]+\+json$/i]) {
    fastify.addContentTypeParser(type as string, (req, payload, done) => readJson(req, payload, limit, done));
  }
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

function readJson(req: FastifyRequest, payload: Readable, limit: number, done: (err: Error | null, body?: unknown) => void): void {
  const charset = (/;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(String(req.headers['content-type'] ?? ''))?.[1] ?? 'utf-8').toLowerCase();
  let decoder: TextDecoder | undefined;
  try {
    if (charset.startsWith('utf-')) decoder = new TextDecoder(charset, { fatal: false });
  } catch {
    decoder = undefined;
  }
  if (!decoder) return done(bodyError(415, `unsupported charset "${charset.toUpperCase()}"`, 'charset.unsupported', { charset }));
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const inflate = { identity: null, gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress }[encoding];
  if (inflate === undefined) return done(bodyError(415, `unsupported content encoding "${encoding}"`, 'encoding.unsupported', { encoding }));
  const declared = inflate ? NaN : Number(req.headers['content-length']);
  const length = Number.isNaN(declared) ? undefined : declared;
  if (length !== undefined && length > limit) return done(bodyError(413, 'request entity too large', 'entity.too.large', { expected: length, length, limit }));

  const stream: Readable = inflate ? payload.pipe(inflate()) : payload;
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (err: Error | null, body?: unknown) => {
    if (finished) return;
    finished = true;
    stream.off('data', onData).off('end', onEnd).off('error', onError);
    payload.off('aborted', onAborted).off('close', onClose);
    if (err) {
      stream.unpipe?.();
      stream.pause();
    }
    done(err, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) finish(bodyError(413, 'request entity too large', 'entity.too.large', { received, limit }));
    else chunks.push(chunk);
  };
  const onAborted = () => finish(bodyError(400, 'request aborted', 'request.aborted', { received }));
  const onClose = () => {
    if (!payload.readableEnded) onAborted();
  };
  const onError = (err: Error) => finish(bodyError(400, err.message, 'entity.verify.failed', {}, err));
  const onEnd = () => {
    if (length !== undefined && received !== length) return finish(bodyError(400, 'request size did not match content length', 'request.size.invalid', { received, expected: length }));
    const text = decoder.decode(Buffer.concat(chunks, received));
    try {
      finish(null, parseStrict(text));
    } catch (err) {
      finish(bodyError(400, (err as Error).message, 'entity.parse.failed', {}, err as Error));
    }
  };
  stream.on('data', onData).on('end', onEnd).on('error', onError);
  payload.on('aborted', onAborted).on('close', onClose);
}

/** body-parser's strict JSON: an object or an array only; an empty body is `{}`. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    // The message JSON.parse gives for the first character (as body-parser reports it).
    const at = text.length - text.trimStart().length;
    JSON.parse(text.slice(0, at) + '#' + text.slice(at + 1));
  }
  return JSON.parse(text);
}
