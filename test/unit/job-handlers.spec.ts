import { JobHandler } from '../../src/jobs/job-handler.decorator';
import { pairHandlers } from '../../src/jobs/job-handlers';
import { JOBS, JobName } from '../../src/jobs/job-registry';

function handlerFor(name: string) {
  @JobHandler(name as JobName)
  class H {
    handle() {
      return Promise.resolve();
    }
  }
  Object.defineProperty(H, 'name', { value: `Handler_${name}` });
  return { instance: new H(), type: H };
}

describe('the worker pairs every job with exactly one handler', () => {
  const all = () => (Object.keys(JOBS) as JobName[]).map(handlerFor);

  it('accepts one handler per job', () => {
    expect(pairHandlers(all()).size).toBe(Object.keys(JOBS).length);
  });

  it('refuses to start when a job has no handler, naming it', () => {
    const missing = all().slice(1);
    expect(() => pairHandlers(missing)).toThrow(`job "${Object.keys(JOBS)[0]}" has no handler`);
  });

  it('refuses two handlers for one job, and a handler for an unknown job', () => {
    expect(() => pairHandlers([...all(), handlerFor(Object.keys(JOBS)[0])])).toThrow(/has 2 handlers/);
    expect(() => pairHandlers([...all(), handlerFor('no.such-job')])).toThrow(/unknown job "no.such-job"/);
  });
});
