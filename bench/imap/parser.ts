/**
 * Parser throughput on recorded server bytes (no network): ours (ImapFramer + parseResponse)
 * vs imapflow (ImapStream + its parser, as imapflow reads a socket), fed in fixed-size chunks.
 */
import { ImapStream } from 'imapflow/lib/handler/imap-stream';
import { parser } from 'imapflow/lib/handler/imap-handler';
import { ImapFramer } from '../../src-main/imap/framing';
import { parseResponse } from '../../src-main/imap/parse-response';
import { timeMs, type Benchmark, type BenchResult } from '../harness';
import type { Fixture } from './fixture';

const RUNS = 5;
/** 1-byte chunks cost one call (or one stream write) per byte: a smaller sample keeps it short. */
const ONE_BYTE_SAMPLE = 1_000_000;

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function ours(input: Buffer[]): number {
  const framer = new ImapFramer();
  let n = 0;
  for (const c of input) {
    framer.push(c);
    for (;;) {
      const f = framer.next();
      if (f.type !== 'response') break;
      parseResponse(f.bytes);
      n++;
    }
  }
  return n;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, fatal() {} };

async function theirs(input: Buffer[]): Promise<number> {
  const stream = new ImapStream({ logger: quiet });
  let n = 0;
  const reading = (async () => {
    for await (const item of stream as AsyncIterable<{
      payload: Buffer;
      literals: Buffer[];
      next: () => void;
    }>) {
      await parser(item.payload, { literals: item.literals });
      n++;
      item.next();
    }
  })();
  for (const c of input) {
    if (!stream.write(c)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await reading;
  return n;
}

/** Cut a recording to at most `max` bytes (the tail response is simply left incomplete for both). */
function sample(bytes: Buffer, max: number): Buffer {
  return bytes.length <= max ? bytes : bytes.subarray(0, max);
}

export function parserBenchmarks(fixture: () => Promise<Fixture>): Benchmark[] {
  const one = (label: string, size: number): Benchmark => ({
    name: `imap: parser throughput, recorded responses in ${label} chunks, ours vs imapflow`,
    needs: 'servers',
    async run(): Promise<BenchResult> {
      const f = await fixture();
      const all =
        size === 1 ? sample(f.headerBytes, ONE_BYTE_SAMPLE) : Buffer.concat([f.headerBytes, f.bodyBytes]);
      const input = chunks(all, size);
      const mb = all.length / 1e6;
      const o: number[] = [];
      const p: number[] = [];
      let counts = [0, 0];
      for (let i = 0; i < RUNS; i++) {
        let a = 0;
        let b = 0;
        o.push(mb / ((await timeMs(async () => (a = ours(input)))) / 1000));
        p.push(mb / ((await timeMs(async () => (b = await theirs(input)))) / 1000));
        counts = [a, b];
      }
      return {
        ours: o,
        peer: p,
        unit: 'MB/s',
        better: 'higher',
        peerName: 'imapflow ImapStream + parser',
        note: `${mb.toFixed(1)} MB (${size === 1 ? 'header responses' : 'header + body responses'}); responses parsed ours ${counts[0]}, imapflow ${counts[1]}`,
      };
    },
  });
  return [one('1-byte', 1), one('1 KB', 1024), one('64 KB', 64 * 1024)];
}
