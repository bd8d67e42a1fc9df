import type { Type } from '@nestjs/common';
import { JOB_HANDLER, JobProcessor } from './job-handler.decorator';
import { JOBS, JobName } from './job-registry';

export interface DiscoveredHandler {
  name: JobName;
  instance: JobProcessor<JobName>;
  type: Type<unknown> | Function;
}

/**
 * Pairs every registered job with exactly one handler. Throws, naming the job, when one has none or two,
 * or when a handler claims a job the registry does not know.
 */
export function pairHandlers(candidates: { instance: unknown; type: Function | undefined }[]): Map<JobName, DiscoveredHandler> {
  const found = new Map<JobName, DiscoveredHandler[]>();
  for (const c of candidates) {
    if (!c.type || !c.instance) continue;
    const name = Reflect.getMetadata(JOB_HANDLER, c.type) as JobName | undefined;
    if (!name) continue;
    if (!(name in JOBS)) throw new Error(`Handler ${c.type.name} is for unknown job "${name}"`);
    const list = found.get(name) ?? [];
    list.push({ name, instance: c.instance as JobProcessor<JobName>, type: c.type });
    found.set(name, list);
  }
  const problems: string[] = [];
  const result = new Map<JobName, DiscoveredHandler>();
  for (const name of Object.keys(JOBS) as JobName[]) {
    const list = found.get(name) ?? [];
    if (list.length === 0) problems.push(`job "${name}" has no handler`);
    else if (list.length > 1) problems.push(`job "${name}" has ${list.length} handlers: ${list.map((h) => h.type.name).join(', ')}`);
    else result.set(name, list[0]);
  }
  if (problems.length) throw new Error(`Worker cannot start: ${problems.join('; ')}`);
  return result;
}
