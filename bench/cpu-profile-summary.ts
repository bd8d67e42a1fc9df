/**
 * `npx ts-node -T bench/cpu-profile-summary.ts <file.cpuprofile | dir> [--top 25]`
 *
 * Where a process's time went, from `node --cpu-prof` profiles (for the API: BENCH_API_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" on a bench; each API process writes one): self time grouped by npm package (the
 * project's own code as `rujuk`, Node's as `node:`, V8's as `(garbage collector)` and so on), as a share of the
 * samples that were not idle, then the top functions. A directory sums every profile in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function packageOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node:';
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) {
    const rest = url.slice(i + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/dist/src/') || url.includes('/src/')) return 'rujuk';
  if (url.includes('/bench/')) return 'rujuk bench';
  return url;
}

function main(): void {
  const args = process.argv.slice(2);
  const topIdx = args.indexOf('--top');
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 25;
  const target = args.find((a, i) => !a.startsWith('--') && (topIdx < 0 || i !== topIdx + 1));
  if (!target) throw new Error('give a .cpuprofile file or a directory of them');
  const files = statSync(target).isDirectory()
    ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f))
    : [target];
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const node = new Map(p.nodes.map((n) => [n.id, n]));
    // Self time: each sample's time delta charged to the node it landed in.
    for (let i = 0; i < p.samples.length; i++) {
      const n = node.get(p.samples[i]);
      if (!n) continue;
      const dt = p.timeDeltas[i] ?? 0;
      const fn = n.callFrame.functionName;
      if (fn === '(idle)') {
        idle += dt;
        continue;
      }
      total += dt;
      const pkg = fn.startsWith('(') && !n.callFrame.url ? fn : packageOf(n.callFrame.url);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
      const key = `${pkg}  ${fn || '(anonymous)'}  ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    }
  }
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
  process.stdout.write(`${files.length} profile(s): ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle\n\nby package (self time):\n`);
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(v)}  ${k}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(v)}  ${k}\n`);
}

main();
