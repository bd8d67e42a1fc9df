import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { isRedisConnectionError, logRedisConnection } from '../../src/redis/redis-connection-log';

describe('Redis connection state lines', () => {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, fields: unknown, msg?: unknown) {
      lines.push({ level: 'error', fields: fields as Record<string, unknown>, msg: String(msg) });
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: Logger, fields: unknown, msg?: unknown) {
      lines.push({ level: 'log', fields: fields as Record<string, unknown>, msg: String(msg) });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

  it('logs one line when the client loses Redis and one when it is back, not one per reconnect attempt', () => {
    const client = logRedisConnection(new EventEmitter(), 'shared', 'redis://:pw@127.0.0.1:6390');
    client.emit('ready');
    for (let i = 0; i < 20; i++) client.emit('error', refused());
    client.emit('ready');
    client.emit('ready');
    for (let i = 0; i < 5; i++) client.emit('error', refused());
    expect(lines.map((l) => [l.level, l.fields.client, l.msg])).toEqual([
      ['error', 'shared', 'Redis unreachable (REDIS_URL); retrying'],
      ['log', 'shared', 'Redis reachable again'],
      ['error', 'shared', 'Redis unreachable (REDIS_URL); retrying'],
    ]);
    expect(lines[0].fields.redisUrl).toBe('redis://:***@127.0.0.1:6390');
  });

  it('gives a worker’s other errors to their own handler without counting them as an outage', () => {
    const other: string[] = [];
    const worker = logRedisConnection(new EventEmitter(), 'worker-referrals', 'redis://127.0.0.1:6390', { otherError: (e) => other.push(e.message) });
    worker.emit('error', new Error('Missing lock for job 1. moveToFinished'));
    worker.emit('error', new Error('Connection is closed.'));
    worker.emit('error', refused());
    expect(other).toEqual(['Missing lock for job 1. moveToFinished']);
    expect(lines).toHaveLength(1);
  });

  it('tells connection errors from others', () => {
    expect(isRedisConnectionError(refused())).toBe(true);
    expect(isRedisConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisConnectionError(new Error('ERR unknown command'))).toBe(false);
  });
});
