import type { ApolloServerPlugin } from '@apollo/server';
import { combinedPlugin } from '../../src/common/apollo-plugins';

describe('the API plugins combined into one', () => {
  const ctx = {} as never;
  const recorder = (name: string, seen: string[], fail = false): ApolloServerPlugin => ({
    async serverWillStart() {
      seen.push(`${name}:start`);
    },
    async requestDidStart() {
      seen.push(`${name}:request`);
      return {
        async didResolveOperation() {
          seen.push(`${name}:operation`);
          if (fail) throw new Error(`${name} refused`);
        },
        async willSendResponse() {
          seen.push(`${name}:response`);
        },
      };
    },
  });

  it("runs each plugin's hooks in the given order, phase by phase, as one request listener", async () => {
    const seen: string[] = [];
    const plugin = combinedPlugin([recorder('a', seen), { async requestDidStart() { return undefined; } }, recorder('b', seen)]);
    await plugin.serverWillStart!(ctx);
    const listener = (await plugin.requestDidStart!(ctx))!;
    expect(Object.keys(listener).sort()).toEqual(['didResolveOperation', 'willSendResponse']);
    await listener.didResolveOperation!(ctx);
    await listener.willSendResponse!(ctx);
    expect(seen).toEqual(['a:start', 'b:start', 'a:request', 'b:request', 'a:operation', 'b:operation', 'a:response', 'b:response']);
  });

  it('a hook that throws stops the phase there, and the error reaches Apollo', async () => {
    const seen: string[] = [];
    const listener = (await combinedPlugin([recorder('a', seen, true), recorder('b', seen)]).requestDidStart!(ctx))!;
    await expect(listener.didResolveOperation!(ctx)).rejects.toThrow('a refused');
    expect(seen).toEqual(['a:request', 'b:request', 'a:operation']);
  });

  it('no listener when no plugin has one; hooks it does not pass on are refused', async () => {
    expect(await combinedPlugin([{ async requestDidStart() { return undefined; } }]).requestDidStart!(ctx)).toBeUndefined();
    expect(() => combinedPlugin([{ async unexpectedErrorProcessingRequest() {} }])).toThrow('unexpectedErrorProcessingRequest is not supported');
    const parsing = combinedPlugin([{ async requestDidStart() { return { async parsingDidStart() {} }; } }]);
    await expect(parsing.requestDidStart!(ctx)).rejects.toThrow('parsingDidStart is not supported');
    const drain = combinedPlugin([{ async serverWillStart() { return { async drainServer() {} }; } }]);
    await expect(drain.serverWillStart!(ctx)).rejects.toThrow('a server listener is not supported');
  });
});
