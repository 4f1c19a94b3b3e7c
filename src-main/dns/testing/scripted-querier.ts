/**
 * A Querier that answers from a table, for unit tests of MX/SRV/host logic that sits
 * above the transport. The same logic runs against the real servers in *.int.test.ts.
 */
import type { Querier, QueryResult } from '../resolver';
import { RRType, type ResourceRecord } from '../types';

export interface ScriptedAnswer {
  rcode?: number;
  answers?: ResourceRecord[];
  additionals?: ResourceRecord[];
}

export class ScriptedQuerier implements Querier {
  readonly asked: string[] = [];
  constructor(private readonly table: Record<string, ScriptedAnswer>) {}

  query(name: string, type: number): Promise<QueryResult> {
    const key = `${name.toLowerCase()} ${Object.entries(RRType).find(([, v]) => v === type)?.[0] ?? type}`;
    this.asked.push(key);
    const a = this.table[key] ?? {};
    return Promise.resolve({
      question: { name, type, class: 1 },
      rcode: a.rcode ?? 0,
      answers: a.answers ?? [],
      authorities: [],
      additionals: a.additionals ?? [],
      fromCache: false,
    });
  }
}

export const rr = {
  mx: (name: string, preference: number, exchange: string): ResourceRecord => ({
    name,
    type: RRType.MX,
    class: 1,
    ttl: 60,
    data: { type: 'MX', preference, exchange },
  }),
  a: (name: string, address: string): ResourceRecord => ({
    name,
    type: RRType.A,
    class: 1,
    ttl: 60,
    data: { type: 'A', address },
  }),
  aaaa: (name: string, address: string): ResourceRecord => ({
    name,
    type: RRType.AAAA,
    class: 1,
    ttl: 60,
    data: { type: 'AAAA', address },
  }),
  cname: (name: string, target: string): ResourceRecord => ({
    name,
    type: RRType.CNAME,
    class: 1,
    ttl: 60,
    data: { type: 'CNAME', target },
  }),
  srv: (name: string, priority: number, weight: number, port: number, target: string): ResourceRecord => ({
    name,
    type: RRType.SRV,
    class: 1,
    ttl: 60,
    data: { type: 'SRV', priority, weight, port, target },
  }),
};

/** A small deterministic PRNG (mulberry32) so statistical tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
