// `npm run bench`: runs every bench/**/*.bench.ts (or those whose path contains an argument),
// prints ours vs peer medians and their ratio, and writes bench/results.json.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compare, formatTable, type Benchmark, type Comparison } from './harness';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findBenchFiles(path);
    return entry.endsWith('.bench.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = findBenchFiles(benchDir)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const serversUp = existsSync(join(root, 'e2e/servers/runtime/servers.json'));

const rows: Comparison[] = [];
const skipped: { name: string; reason: string }[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(file).href)) as { default: Benchmark | Benchmark[] };
  const benches = Array.isArray(mod.default) ? mod.default : [mod.default];
  for (const bench of benches) {
    if (bench.needs === 'servers' && !serversUp) {
      skipped.push({ name: bench.name, reason: 'the test servers are not running (npm run servers:start)' });
      continue;
    }
    process.stderr.write(`bench: ${bench.name} (${relative(root, file)}) ...\n`);
    try {
      rows.push(compare(bench.name, await bench.run()));
    } catch (e) {
      skipped.push({ name: bench.name, reason: `failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

console.log(formatTable(rows));
for (const s of skipped) console.log(`skipped ${s.name}: ${s.reason}`);
const now = new Date().toISOString();
const resultsFile = join(benchDir, 'results.json');
type StoredRow = Comparison & { date?: string };
// A run of some benchmarks (`npm run bench smtp`) updates their rows and keeps the others'
// earlier figures (each row carries the date it was measured), instead of dropping them.
let kept: StoredRow[] = [];
if (filters.length > 0 && existsSync(resultsFile)) {
  try {
    const before = JSON.parse(readFileSync(resultsFile, 'utf8')) as { date?: string; results?: StoredRow[] };
    const fresh = new Set([...rows.map((r) => r.name), ...skipped.map((s) => s.name)]);
    kept = (before.results ?? [])
      .filter((r) => !fresh.has(r.name))
      .map((r) => ({ ...r, date: r.date ?? before.date ?? 'unknown' }));
  } catch {
    kept = []; // an unreadable earlier file is replaced
  }
}
const results = {
  date: now,
  node: process.versions.node,
  machine: { cpus: (await import('node:os')).cpus().length },
  results: [...kept, ...rows.map((r): StoredRow => ({ ...r, date: now }))],
  skipped,
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${relative(root, join(benchDir, 'results.json'))}`);
