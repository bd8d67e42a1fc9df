import { TIMER_SOURCE, TimerSetSourceProvider, TimerSourceProvider } from './timer-source.decorator';
import { JOBS, JobName, SCHEDULES, TIMER_SETS, TimerKind, TimerSetName } from './job-registry';

/** The sources the reconciler asks: of reconciled jobs, and of timer sets. */
export interface TimerSources {
  jobs: Map<JobName, TimerSourceProvider<JobName>>;
  sets: Map<TimerSetName, TimerSetSourceProvider>;
}

/** Every kind that needs a source: the reconciled jobs, and `timers:<name>` for each timer set. */
export function reconciledKinds(): TimerKind[] {
  return [
    ...(Object.keys(JOBS) as JobName[]).filter((n) => JOBS[n].recovery === 'reconciled'),
    ...(Object.keys(TIMER_SETS) as TimerSetName[]).map((n) => `timers:${n}` as const),
  ];
}

/**
 * Pairs every reconciled timer job (`recovery: 'reconciled'`) and every timer set with exactly one `@TimerSource`,
 * and checks that every `scheduled` job has a schedule. Throws, naming the job, when a timer has no source or two,
 * when a source is for a job that is not a reconciled timer, or when a scheduled job has no schedule: the worker
 * refuses to start.
 */
export function pairTimerSources(candidates: { instance: unknown; type: Function | undefined }[]): TimerSources {
  const found = new Map<TimerKind, { instance: unknown; type: Function }[]>();
  const problems: string[] = [];
  for (const c of candidates) {
    if (!c.type || !c.instance) continue;
    const kind = Reflect.getMetadata(TIMER_SOURCE, c.type) as TimerKind | undefined;
    if (!kind) continue;
    if (kind.startsWith('timers:')) {
      if (!(kind.slice('timers:'.length) in TIMER_SETS)) {
        problems.push(`timer source ${c.type.name} is for unknown timer set "${kind}"`);
        continue;
      }
    } else if (!(kind in JOBS)) {
      problems.push(`timer source ${c.type.name} is for unknown job "${kind}"`);
      continue;
    } else if (JOBS[kind as JobName].recovery !== 'reconciled') {
      problems.push(`timer source ${c.type.name} is for job "${kind}", which is ${JOBS[kind as JobName].recovery}, not reconciled`);
    }
    found.set(kind, [...(found.get(kind) ?? []), { instance: c.instance, type: c.type }]);
  }
  for (const name of Object.keys(JOBS) as JobName[]) {
    if (JOBS[name].recovery === 'scheduled' && !SCHEDULES.some((s) => s.job === name)) problems.push(`job "${name}" is scheduled but has no schedule`);
  }
  const result: TimerSources = { jobs: new Map(), sets: new Map() };
  for (const kind of reconciledKinds()) {
    const list = found.get(kind) ?? [];
    const what = kind.startsWith('timers:') ? `timer set "${kind.slice('timers:'.length)}"` : `timer job "${kind}"`;
    if (list.length === 0) problems.push(`${what} has no reconciler source (@TimerSource)`);
    else if (list.length > 1) problems.push(`${what} has ${list.length} reconciler sources: ${list.map((s) => s.type.name).join(', ')}`);
    else if (kind.startsWith('timers:')) result.sets.set(kind.slice('timers:'.length) as TimerSetName, list[0].instance as TimerSetSourceProvider);
    else result.jobs.set(kind as JobName, list[0].instance as TimerSourceProvider<JobName>);
  }
  if (problems.length) throw new Error(`Worker cannot start: ${problems.join('; ')}`);
  return result;
}
