import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The Prometheus alerting rules in ops/prometheus/ are well formed: every alert has an expression, a `for`, a
 * severity and a runbook that is a section of docs/operations.md, and names only series the code exports.
 * (promtool is not in this toolchain; this checks the structure and the references.)
 */
const root = join(__dirname, '../..');
const rules = parse(readFileSync(join(root, 'ops/prometheus/rujuk-alerts.yml'), 'utf8')) as {
  groups: { name: string; rules: { alert?: string; expr?: unknown; for?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }[] }[];
};
const alerts = rules.groups.flatMap((g) => g.rules);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(markdown.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) =>
    l.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-')));
}

/** Every metric name the code registers (prom-client `name: 'rujuk_...'` and scrape-time gauges). */
function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/['"](rujuk_[a-z0-9_]+)['"]/g)) names.add(m[1]);
    }
  };
  walk(join(root, 'src'));
  return names;
}

describe('alerting rules (ops/prometheus/rujuk-alerts.yml)', () => {
  const anchors = anchorsOf(readFileSync(join(root, 'docs/operations.md'), 'utf8'));
  const metrics = exportedMetrics();

  it('has alerts, each named once', () => {
    expect(rules.groups.length).toBeGreaterThan(0);
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    const names = alerts.map((a) => a.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(alerts.map((a) => [a.alert ?? '(unnamed)', a] as const))('%s has expr, for, a severity, a summary and a runbook in docs/operations.md', (_name, a) => {
    expect(a.alert).toMatch(/^Rujuk[A-Za-z0-9]+$/);
    expect(typeof a.expr).toBe('string');
    expect(String(a.for)).toMatch(/^\d+[smh]$/);
    expect(['info', 'warning', 'critical']).toContain(a.labels?.severity);
    expect(typeof a.annotations?.summary).toBe('string');
    const runbook = String(a.annotations?.runbook ?? '');
    const m = /^docs\/operations\.md#([a-z0-9-]+)$/.exec(runbook);
    expect(m).not.toBeNull();
    expect(anchors).toContain(m![1]);
    expect(m![1]).toBe(a.alert!.toLowerCase());
  });

  it('names only series the code exports', () => {
    const used = new Set(alerts.flatMap((a) => [...String(a.expr).matchAll(/\b(rujuk_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''))));
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((name) => !metrics.has(name))).toEqual([]);
  });
});
