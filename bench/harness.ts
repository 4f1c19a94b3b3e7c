/**
 * The contract every benchmark in bench/ follows: it runs ours and a peer side by side in one
 * run, several times each, and returns the samples. The harness compares medians; nothing in
 * bench/ asserts a time, and `npm test` never runs it.
 */
export interface BenchResult {
  /** Samples of ours, one per run, in `unit`. */
  ours: number[];
  /** Samples of the peer, measured in the same run, same unit. */
  peer: number[];
  unit: string;
  peerName: string;
  /** 'lower' for times, 'higher' for throughputs. Default 'lower'. */
  better?: 'lower' | 'higher';
  /** The target for ours/peer (e.g. 0.8 for "ours ≤ 0.8×"). */
  target?: number;
  note?: string;
}

export interface Benchmark {
  name: string;
  /** What must be running (e.g. 'servers'); the harness skips with a reason when it is not. */
  needs?: 'servers';
  run(): Promise<BenchResult>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Comparison {
  name: string;
  unit: string;
  peerName: string;
  oursMedian: number;
  peerMedian: number;
  /** ours / peer, of medians. */
  ratio: number;
  better: 'lower' | 'higher';
  target?: number;
  /** Whether the ratio meets the target, when there is one. */
  meetsTarget?: boolean;
  runs: number;
  note?: string;
}

export function compare(name: string, r: BenchResult): Comparison {
  const oursMedian = median(r.ours);
  const peerMedian = median(r.peer);
  const ratio = oursMedian / peerMedian;
  const better = r.better ?? 'lower';
  const c: Comparison = {
    name,
    unit: r.unit,
    peerName: r.peerName,
    oursMedian,
    peerMedian,
    ratio,
    better,
    runs: Math.min(r.ours.length, r.peer.length),
  };
  if (r.target !== undefined) {
    c.target = r.target;
    c.meetsTarget = better === 'lower' ? ratio <= r.target : ratio >= r.target;
  }
  if (r.note !== undefined) c.note = r.note;
  return c;
}

/** Times one async call in milliseconds. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs ours and the peer alternately `runs` times, so drift on the machine hits both alike.
 * `settle`, when given, runs untimed before every run of either side, so that no run pays
 * for work the one before left behind (a server's queue, the disk's write-back).
 */
export async function alternate(
  runs: number,
  ours: () => Promise<number>,
  peer: () => Promise<number>,
  settle?: () => Promise<void>,
): Promise<{ ours: number[]; peer: number[] }> {
  const out = { ours: [] as number[], peer: [] as number[] };
  for (let i = 0; i < runs; i++) {
    await settle?.();
    out.ours.push(await ours());
    await settle?.();
    out.peer.push(await peer());
  }
  return out;
}

export function formatTable(rows: readonly Comparison[]): string {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
  const header = ['benchmark', 'ours', 'peer', 'peer name', 'ratio', 'target', 'unit'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.oursMedian),
    fmt(r.peerMedian),
    r.peerName,
    `${r.ratio.toFixed(2)}×`,
    r.target === undefined
      ? ''
      : `${r.better === 'lower' ? '≤' : '≥'}${r.target}× ${r.meetsTarget ? 'met' : 'MISSED'}`,
    r.unit,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
