/**
 * SRV target selection (RFC 2782): lowest priority first; within a priority, a weighted
 * random order (records of weight 0 first in the running sum, so they are picked rarely
 * but not never); a single target "." means the service is decidedly not offered.
 */
import { rrsetAtChainEnd } from './answer';
import type { Querier } from './resolver';
import type { TraceStep } from './trace';
import { Rcode, RRType } from './types';

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface SrvResult {
  name: string;
  /** True when the domain says the service is not offered (a lone target "."). */
  notOffered: boolean;
  /** In the order to try them; empty when there are none (NXDOMAIN, NODATA, not offered). */
  targets: SrvRecord[];
}

/** Pure: the RFC 2782 order. `random` returns [0, 1). */
export function orderSrv(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const priorities = [...new Set(records.map((r) => r.priority))].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const p of priorities) {
    // Weight-0 records first, as the RFC's selection procedure places them.
    const left = records
      .filter((r) => r.priority === p)
      .sort((a, b) => Number(a.weight > 0) - Number(b.weight > 0));
    while (left.length > 0) {
      const total = left.reduce((s, r) => s + r.weight, 0);
      // RFC 2782: a uniform number in [0, total]; the first record whose running sum reaches it.
      const pick = Math.floor(random() * (total + 1));
      let sum = 0;
      let index = left.length - 1;
      for (let i = 0; i < left.length; i++) {
        sum += left[i]!.weight;
        if (sum >= pick) {
          index = i;
          break;
        }
      }
      out.push(left.splice(index, 1)[0]!);
    }
  }
  return out;
}

export function isNotOffered(records: readonly SrvRecord[]): boolean {
  return records.length === 1 && records[0]!.target === '';
}

/** `_service._proto.domain`, e.g. ('imaps', 'tcp', 'example.test'). */
export async function resolveSrv(
  resolver: Querier,
  service: string,
  proto: string,
  domain: string,
  opts: { random?: () => number; trace?: TraceStep[] } = {},
): Promise<SrvResult> {
  const name = `_${service}._${proto}.${domain.replace(/\.$/, '')}`;
  const r = await resolver.query(name, RRType.SRV, opts.trace ? { trace: opts.trace } : {});
  if (r.rcode === Rcode.NXDOMAIN) return { name, notOffered: false, targets: [] };
  const records: SrvRecord[] = rrsetAtChainEnd(r.answers, name, RRType.SRV).records.flatMap((rr) =>
    rr.data.type === 'SRV'
      ? [{ priority: rr.data.priority, weight: rr.data.weight, port: rr.data.port, target: rr.data.target }]
      : [],
  );
  if (isNotOffered(records)) return { name, notOffered: true, targets: [] };
  return {
    name,
    notOffered: false,
    targets: orderSrv(
      records.filter((r) => r.target !== ''),
      opts.random,
    ),
  };
}
