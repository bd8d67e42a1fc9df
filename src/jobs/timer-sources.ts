import { TIMER_SOURCE, TimerSourceProvider } from './timer-source.decorator';
import { JOBS, JobName, SCHEDULES } from './job-registry';

/**
 * Pairs every reconciled timer job (`recovery: 'reconciled'`) with exactly one `@TimerSource`, and checks that
 * every `scheduled` job has a schedule. Throws, naming the job, when a timer has no source or two, when a source
 * is for a job that is not a reconciled timer, or when a scheduled job has no schedule: the worker refuses to start.
 */
export function pairTimerSources(candidates: { instance: unknown; type: Function | undefined }[]): Map<JobName, TimerSourceProvider<JobName>> {
  const found = new Map<JobName, { instance: TimerSourceProvider<JobName>; type: Function }[]>();
  const problems: string[] = [];
  for (const c of candidates) {
    if (!c.type || !c.instance) continue;
    const name = Reflect.getMetadata(TIMER_SOURCE, c.type) as JobName | undefined;
    if (!name) continue;
    if (!(name in JOBS)) {
      problems.push(`timer source ${c.type.name} is for unknown job "${name}"`);
      continue;
    }
    if (JOBS[name].recovery !== 'reconciled') problems.push(`timer source ${c.type.name} is for job "${name}", which is ${JOBS[name].recovery}, not reconciled`);
    const list = found.get(name) ?? [];
    list.push({ instance: c.instance as TimerSourceProvider<JobName>, type: c.type });
    found.set(name, list);
  }
  const result = new Map<JobName, TimerSourceProvider<JobName>>();
  for (const name of Object.keys(JOBS) as JobName[]) {
    const recovery = JOBS[name].recovery;
    if (recovery === 'scheduled' && !SCHEDULES.some((s) => s.job === name)) problems.push(`job "${name}" is scheduled but has no schedule`);
    if (recovery !== 'reconciled') continue;
    const list = found.get(name) ?? [];
    if (list.length === 0) problems.push(`timer job "${name}" has no reconciler source (@TimerSource)`);
    else if (list.length > 1) problems.push(`timer job "${name}" has ${list.length} reconciler sources: ${list.map((s) => s.type.name).join(', ')}`);
    else result.set(name, list[0].instance);
  }
  if (problems.length) throw new Error(`Worker cannot start: ${problems.join('; ')}`);
  return result;
}
