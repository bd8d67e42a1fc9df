import { INestApplicationContext } from '@nestjs/common';
import { JobQueue } from '../../src/jobs/job-queue';
import { jobId } from '../../src/jobs/job-registry';
import { MarkStaleServicesJob } from '../../src/directory/mark-stale-services.job';
import { errorOf, gql, ok, startApp, TestApp, userWithToken } from '../support/harness';
import { clearRedisPrefix, eventually, startWorker } from '../support/worker';

/** The daily stale-records job, enqueued through real Redis and run by the worker; its effect seen over HTTP. */
describe('directory: services not verified for 180 days become stale', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let coordinator: string;
  let admin: string;
  const ids: Record<string, string> = {};
  const STALE = `{ staleServices(first: 50) { totalCount edges { node { id name staleSince verifiedAt } } } }`;

  beforeAll(async () => {
    await clearRedisPrefix();
    t = await startApp();
    worker = await startWorker();
    admin = (await userWithToken(t, 'ADMIN')).token;
    const org = (await ok(gql(t, `mutation { createOrganization(input: { name: "Panti Uji", partnerKind: "PANTI_SOSIAL", regionCode: "32.77" }) { id } }`, {}, admin))).createOrganization.id;
    for (const name of ['fresh', 'old', 'old-defunct']) {
      ids[name] = (await ok(gql(t, `mutation($i: CreateServiceInput!) { createService(input: $i) { id } }`, { i: { organizationId: org, name, needCategories: ['LANSIA_TERLANTAR'], areaCodes: ['32.77'] } }, admin))).createService.id;
    }
    await t.db.query(`UPDATE service SET verified_at = now() - interval '200 days' WHERE id = ANY($1::uuid[])`, [[ids.old, ids['old-defunct']]]);
    await t.db.query(`UPDATE service SET status = 'DEFUNCT' WHERE id = $1`, [ids['old-defunct']]);
    coordinator = (await userWithToken(t, 'COORDINATOR', { organizationId: org, regionScope: '32.77' })).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('marks through the queue, lists for the coordinator, and changes nothing when run again', async () => {
    const queue = t.app.get(JobQueue);
    const job = await queue.add('directory.mark-stale-services', {}, { jobId: jobId('stale-test', Date.now()) });
    const result = await eventually(async () => (await job.isCompleted()) && (await queue.queue('directory').getJob(job.id!))?.returnvalue, 10_000);
    expect(result).toEqual({ marked: 1, cleared: 0, stale: 1 });
    const list = (await ok(gql(t, STALE, {}, coordinator))).staleServices;
    expect(list.edges.map((e: any) => e.node.name)).toEqual(['old']);
    expect(list.edges[0].node.staleSince).not.toBeNull();

    const handler = worker.get(MarkStaleServicesJob);
    await expect(handler.handle({})).resolves.toEqual({ marked: 0, cleared: 0, stale: 1 });
  });

  it('clears a service once a coordinator verifies it', async () => {
    await ok(gql(t, `mutation($id: ID!) { verifyService(id: $id) { verifiedAt staleSince } }`, { id: ids.old }, coordinator));
    await expect(worker.get(MarkStaleServicesJob).handle({})).resolves.toEqual({ marked: 0, cleared: 0, stale: 0 });
    expect((await ok(gql(t, STALE, {}, coordinator))).staleServices.totalCount).toBe(0);
    // As of a year from now, everything not verified since is stale again.
    const later = new Date(Date.now() + 365 * 86400_000).toISOString();
    await expect(worker.get(MarkStaleServicesJob).handle({ asOf: later })).resolves.toMatchObject({ marked: 2 });
  });

  it("is the keepers' list only", async () => {
    const [orgRow] = await t.db.query(`SELECT id FROM organization LIMIT 1`);
    const cm = await userWithToken(t, 'CASE_MANAGER', { organizationId: orgRow.id });
    await expect(errorOf(gql(t, STALE, {}, cm.token))).resolves.toMatchObject({ code: 'FORBIDDEN' });
  });
});
