import { ApolloServer } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { AppError } from '../../src/common/app-error';
import { errorRequestPlugin, formatGraphQLError, requestOfError } from '../../src/common/graphql-errors';
import { beginHttpRequest, currentRequest } from '../../src/common/request-context';

/**
 * Apollo gives formatError no request: errorRequestPlugin ties each error of an operation to the request of the
 * operation's GraphQL context, so errors are written in that request's language and logged with its fields, with
 * no request context entered while the operation runs.
 */
describe('GraphQL errors in the request they belong to', () => {
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  const capture = (fields: Record<string, unknown>, msg: string) => void lines.push({ fields, msg });
  let server: ApolloServer<{ req: unknown }>;

  beforeAll(async () => {
    Logger.overrideLogger({ log: capture, warn: capture, error: capture });
    server = new ApolloServer<{ req: unknown }>({
      typeDefs: 'type Query { refused: String broken: String }',
      resolvers: {
        Query: {
          refused: () => { throw AppError.forbidden(); },
          broken: () => { throw new TypeError('a bug'); },
        },
      },
      plugins: [errorRequestPlugin()],
      formatError: (formatted, error) => formatGraphQLError(formatted, error, requestOfError(error)),
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    Logger.overrideLogger(false);
  });

  /** A Node request as the API's HTTP layer leaves it: its context attached (entered only while attaching). */
  function httpRequest(id: string, acceptLanguage?: string) {
    const req = { method: 'POST', url: '/graphql', headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} };
    beginHttpRequest(req, id);
    return req;
  }

  async function errorsOf(query: string, req: unknown) {
    const res = await server.executeOperation({ query }, { contextValue: { req } });
    return res.body.kind === 'single' ? res.body.singleResult.errors ?? [] : [];
  }

  it('writes each request its errors in its own language, concurrent requests too', async () => {
    expect(currentRequest()).toBeNull();
    const [en, id, none] = await Promise.all([
      errorsOf('{ refused }', httpRequest('req-en', 'en')),
      errorsOf('{ refused }', httpRequest('req-id', 'id')),
      errorsOf('{ broken }', httpRequest('req-none')),
    ]);
    expect(en.map((e) => [e.message, e.extensions?.code])).toEqual([['You are not allowed to do this', 'FORBIDDEN']]);
    expect(id.map((e) => [e.message, e.extensions?.code])).toEqual([['Anda tidak berwenang melakukan ini', 'FORBIDDEN']]);
    expect(none.map((e) => [e.message, e.extensions?.code])).toEqual([['Terjadi kesalahan pada server', 'INTERNAL_SERVER_ERROR']]);
  });

  it("logs refusals and unexpected errors with the request's fields", async () => {
    lines.length = 0;
    await errorsOf('{ refused }', httpRequest('req-refused', 'en'));
    await errorsOf('{ broken }', httpRequest('req-broken'));
    expect(lines).toEqual([
      { msg: 'operation refused', fields: expect.objectContaining({ req: { id: 'req-refused', method: 'POST', url: '/graphql' }, code: 'FORBIDDEN', path: ['refused'] }) },
      { msg: 'unexpected error in a GraphQL operation', fields: expect.objectContaining({ req: { id: 'req-broken', method: 'POST', url: '/graphql' }, path: ['broken'] }) },
    ]);
  });

  it('without a request, answers in Indonesian and logs no request fields', async () => {
    lines.length = 0;
    expect((await errorsOf('{ refused }', undefined)).map((e) => e.message)).toEqual(['Anda tidak berwenang melakukan ini']);
    expect(lines).toEqual([{ msg: 'operation refused', fields: expect.not.objectContaining({ req: expect.anything() }) }]);
  });
});
