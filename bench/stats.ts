/** Latency summaries and the final table. */
import { loadavg } from 'node:os';

export interface RunResult {
  name: string;
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
  /** The machine's 1-minute load average when the run ended (the machine is shared). */
  load1: number;
  /**
   * CPU time per request of the API process and of the database's backends (bench-kit's cpuMeter), in ms:
   * what a request costs whatever else the machine runs, where latency also counts waiting for a core.
   */
  apiCpuMs?: number;
  dbCpuMs?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarise(name: string, concurrency: number, latenciesMs: number[], seconds: number, errors: number): RunResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    name,
    concurrency,
    requests: sorted.length,
    errors,
    seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    rps: sorted.length / seconds,
    load1: loadavg()[0],
  };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');

export function table(rows: RunResult[]): string {
  const head = ['run', 'conc', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'load', 'API cpu ms/req', 'DB cpu ms/req'];
  const body = rows.map((r) => [
    r.name, String(r.concurrency), String(r.requests), String(r.errors), ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max), r.rps.toFixed(0), r.load1.toFixed(2),
    ms(r.apiCpuMs ?? NaN), ms(r.dbCpuMs ?? NaN),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
