import { buildSchema, parse, OperationDefinitionNode } from 'graphql';
import { demoSecretsInUse, DEMO_SECRETS, loadConfig } from '../../src/config/app-config';
import { operationLabel } from '../../src/common/graphql-metrics';
import { routeLabel } from '../../src/common/http-metrics';
import { errorCodeLabel, statusClass } from '../../src/common/metrics';
import { joinRequestIds, requestIdOf, requestIdOfJob, withRequestId } from '../../src/jobs/job-request-id';
import { actorInRequest, beginHttpRequest, runWithRequestContext } from '../../src/common/request-context';
import { metricsAccess } from '../../src/observability/metrics-access';

describe('metrics access (METRICS_TOKEN)', () => {
  const token = 'a-metrics-token-0123456789';
  it('is off without a token, 401 without a bearer, 403 with another, 200 with it', () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe(404);
    expect(metricsAccess(undefined, token)).toBe(401);
    expect(metricsAccess('Basic abc', token)).toBe(401);
    expect(metricsAccess('Bearer wrong', token)).toBe(403);
    expect(metricsAccess(`${token}`, token)).toBe(401);
    expect(metricsAccess(`bearer ${token}`, token)).toBe(200);
  });
});

describe('bounded metric labels', () => {
  const schema = buildSchema('type Query { me: String referrals: String } type Mutation { sendReferral: String }');
  const op = (q: string) => parse(q).definitions[0] as OperationDefinitionNode;

  it('names an operation by its first root field when the schema has it', () => {
    expect(operationLabel(schema, op('query AnyNameAtAll { me referrals }'))).toEqual({ type: 'query', operation: 'me' });
    expect(operationLabel(schema, op('mutation { sendReferral }'))).toEqual({ type: 'mutation', operation: 'sendReferral' });
    expect(operationLabel(schema, op('{ __schema { types { name } } }'))).toEqual({ type: 'query', operation: 'introspection' });
    expect(operationLabel(schema, op('{ notAField }'))).toEqual({ type: 'query', operation: 'other' });
    expect(operationLabel(schema, undefined)).toEqual({ type: 'unknown', operation: 'other' });
  });

  it('routes, codes and statuses come from small sets', () => {
    expect(routeLabel({ originalUrl: '/graphql?x=1', routeOptions: { url: '/graphql' } })).toBe('/graphql');
    expect(routeLabel({ originalUrl: '/admin/queues/api/queues', routeOptions: { url: '/admin/queues/api/queues' } })).toBe('/admin/queues');
    expect(routeLabel({ originalUrl: '/readyz', routeOptions: { url: '/readyz' } })).toBe('/readyz');
    expect(routeLabel({ originalUrl: '/random/path/123', routeOptions: {} })).toBe('other');
    expect(errorCodeLabel('FORBIDDEN')).toBe('FORBIDDEN');
    expect(errorCodeLabel('something a client wrote')).toBe('OTHER');
    expect(errorCodeLabel(undefined)).toBe('OTHER');
    expect(statusClass(503)).toBe('5xx');
  });
});

describe('request ids in job data', () => {
  it('adds the given request id once, and joins several', () => {
    expect(withRequestId({ referralId: 'r' }, 'abc123')).toEqual({ referralId: 'r', requestId: 'abc123' });
    expect(withRequestId({ referralId: 'r', requestId: 'first' }, 'second')).toEqual({ referralId: 'r', requestId: 'first' });
    expect(withRequestId({ referralId: 'r' }, null)).toEqual({ referralId: 'r' });
    expect(joinRequestIds(['a', null, 'b', 'a', undefined])).toBe('a,b');
    expect(joinRequestIds([null])).toBeNull();
    expect(joinRequestIds(Array.from({ length: 30 }, (_, i) => `r${i}`))!.split(',')).toHaveLength(10);
    expect(requestIdOfJob({ requestId: 'x' })).toBe('x');
    expect(requestIdOfJob(null)).toBeNull();
  });

  it("takes the id of the cause's request, read from the cause, else the running job's", () => {
    const req = { headers: {} };
    beginHttpRequest(req, 'from-request');
    expect(requestIdOf(actorInRequest({ id: 'viewer' }, req))).toBe('from-request');
    expect(requestIdOf({ raw: req })).toBe('from-request');
    expect(requestIdOf({ id: 'viewer' })).toBeNull();
    expect(requestIdOf(undefined)).toBeNull();
    const job = { requestId: 'from-job', clientAddress: null };
    expect(runWithRequestContext(job, () => requestIdOf(undefined))).toBe('from-job');
    expect(runWithRequestContext(job, () => requestIdOf(actorInRequest({ id: 'viewer' }, req)))).toBe('from-request');
  });
});

describe('public demo secrets', () => {
  const base = { DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://h:6379' };
  it('are named at start in production only', () => {
    const env = { ...base, NODE_ENV: 'production', JWT_SECRET: DEMO_SECRETS.JWT_SECRET, DATA_ENCRYPTION_KEY: DEMO_SECRETS.DATA_ENCRYPTION_KEY, ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: DEMO_SECRETS.ADMIN_PASSWORD };
    expect(demoSecretsInUse(loadConfig(env), env)).toEqual(['JWT_SECRET', 'DATA_ENCRYPTION_KEY', 'ADMIN_PASSWORD']);
    const own = { ...env, JWT_SECRET: 'an-own-secret-of-at-least-32-characters!', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), ADMIN_PASSWORD: 'own-password' };
    expect(demoSecretsInUse(loadConfig(own), own)).toEqual([]);
    const dev = { ...env, NODE_ENV: 'development' };
    expect(demoSecretsInUse(loadConfig(dev), dev)).toEqual([]);
  });
});
