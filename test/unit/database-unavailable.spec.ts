import { GraphQLError } from 'graphql';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { formatGraphQLError } from '../../src/common/graphql-errors';
import { isConnectionUnavailable } from '../../src/common/unavailable';

function pgError(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

function formatted(err: Error, locale: 'id' | 'en' = 'id') {
  const e = new GraphQLError(err.message, { originalError: err, path: ['referrals'] });
  return formatGraphQLError(e.toJSON(), e, { requestId: null, clientAddress: null, locale });
}

describe('database unavailable', () => {
  it.each([
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an administrator shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server that cannot accept connections now (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a crash shutdown (57P02)', pgError('57P02')],
    ['too many connections (53300)', pgError('53300')],
    ['a connection exception (08006)', pgError('08006')],
    ['a connection terminated under a query', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a driver error wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    ['the next query of a transaction whose connection died', new QueryRunnerProviderAlreadyReleasedError()],
    ['a query on a runner released after its connection died', new QueryRunnerAlreadyReleasedError()],
    ['an error given as a cause', new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('recognises %s', (_name, err) => {
    expect(isConnectionUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a serialization failure', pgError('40001')],
    ['a syntax error wrapped by TypeORM', new QueryFailedError('SELEC 1', [], pgError('42601'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-object', 'Connection terminated'],
  ])('leaves %s alone', (_name, err) => {
    expect(isConnectionUnavailable(err)).toBe(false);
  });

  it('answers SERVICE_UNAVAILABLE with a retry hint in the reader’s language, not INTERNAL_SERVER_ERROR', () => {
    const id = formatted(new QueryFailedError('SELECT 1', [], pgError('57P01')));
    expect(id.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(id.message).toBe('Layanan sementara tidak tersedia (basis data tidak dapat dihubungi); coba lagi dalam 5 detik');
    expect(id.path).toEqual(['referrals']);
    const en = formatted(new Error('Connection terminated unexpectedly'), 'en');
    expect(en.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(en.message).toMatch(/database cannot be reached/);
  });

  it('still hides other database errors behind INTERNAL_SERVER_ERROR', () => {
    expect(formatted(new QueryFailedError('SELEC 1', [], pgError('42601'))).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
