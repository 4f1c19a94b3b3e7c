/**
 * IMAP benchmarks (issue 6), against the local Dovecot, side by side with imapflow in one run:
 * (a) UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE of a 10,000-message folder — ours pipelines
 *     UID FETCH batches (as the sync does), imapflow sends one FETCH 1:*; target ≤ 0.8×.
 * (b) full bodies of 1,000 messages (~30 KB) — target ≤ 1.0× imapflow, and ≥ 70% of a raw TLS
 *     socket's throughput for the same command (no parsing at all).
 * Each timing includes connect, TLS, login and EXAMINE. Peak RSS growth (sampled every 10 ms) of
 * each side is in the notes. Parser throughput: recorded server bytes replayed through our
 * framer + parser and through imapflow's ImapStream + parser in 1-byte, 1 KB and 64 KB chunks.
 * Uses the `uni` test user (see fixture.ts); the folders are deleted afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uidFetch } from '../../src-main/imap/commands/fetch';
import { uidSearch } from '../../src-main/imap/commands/search';
import { select } from '../../src-main/imap/commands/select';
import { raw } from '../../src-main/imap/serialize';
import { closeSync, SyncStore, syncFolder, type SyncContext } from '../../src-main/imap/sync';
import { median, timeMs, type Benchmark, type BenchResult } from '../harness';
import {
  BODIES_FOLDER,
  BODY_MESSAGES,
  cleanup,
  connect,
  connectPeer,
  fixture,
  HEADER_MESSAGES,
  HEADERS_FOLDER,
  rawFetchTimed,
  withPeakRss,
} from './fixture';
import { parserBenchmarks } from './parser';

const RUNS = 5;
const HEADER_ITEMS = ['UID', 'FLAGS', 'ENVELOPE', 'RFC822.SIZE', 'BODYSTRUCTURE'];

/** Runs `fetchBatch` over the batches with `window` commands in flight (pipelined). */
async function pipelined<T>(
  batches: number[][],
  window: number,
  fetchBatch: (b: number[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  const inFlight: Promise<T[]>[] = [];
  let next = 0;
  while (next < batches.length && inFlight.length < window) inFlight.push(fetchBatch(batches[next++]!));
  while (inFlight.length > 0) {
    out.push(...(await inFlight.shift()!));
    if (next < batches.length) inFlight.push(fetchBatch(batches[next++]!));
  }
  return out;
}

function chunk(uids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < uids.length; i += size) out.push(uids.slice(i, i + size));
  return out;
}

function toSet(b: number[]): string {
  // Contiguous in a fresh folder: send a range, as the sync's sequenceSet would.
  return b.length > 1 && b.at(-1)! - b[0]! === b.length - 1 ? `${b[0]}:${b.at(-1)}` : b.join(',');
}

async function oursFetch(
  folder: string,
  items: string[],
  batch: number,
  window: number,
  expect: number,
): Promise<number> {
  const c = await connect();
  try {
    await select(c, folder, { readOnly: true });
    const uids = await uidSearch(c, [raw('ALL')]);
    const got = await pipelined(chunk(uids, batch), window, (b) => uidFetch(c, toSet(b), items));
    if (got.length !== expect) throw new Error(`ours fetched ${got.length} of ${expect}`);
    let bytes = 0;
    for (const m of got) bytes += m.attributes.sections?.[0]?.data?.length ?? 0;
    return bytes;
  } finally {
    await c.logout();
  }
}

async function imapflowFetch(
  folder: string,
  query: Record<string, boolean>,
  expect: number,
): Promise<number> {
  const client = await connectPeer();
  try {
    await client.mailboxOpen(folder, { readOnly: true });
    let n = 0;
    let bytes = 0;
    for await (const m of client.fetch('1:*', query)) {
      n++;
      bytes += m.source?.length ?? 0;
    }
    if (n !== expect) throw new Error(`imapflow fetched ${n} of ${expect}`);
    return bytes;
  } finally {
    await client.logout();
  }
}

interface Sides {
  ours: number[];
  peer: number[];
  oursRss: number;
  peerRss: number;
}

async function sideBySide(ours: () => Promise<unknown>, peer: () => Promise<unknown>): Promise<Sides> {
  const out: Sides = { ours: [], peer: [], oursRss: 0, peerRss: 0 };
  for (let i = 0; i < RUNS; i++) {
    const o = await withPeakRss(() => timeMs(ours));
    out.ours.push(o.value);
    out.oursRss = Math.max(out.oursRss, o.peakMb);
    const p = await withPeakRss(() => timeMs(peer));
    out.peer.push(p.value);
    out.peerRss = Math.max(out.peerRss, p.peakMb);
  }
  return out;
}

const headers: Benchmark = {
  name: `imap: UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE of ${HEADER_MESSAGES} messages, ours vs imapflow`,
  needs: 'servers',
  async run(): Promise<BenchResult> {
    await fixture();
    const s = await sideBySide(
      () => oursFetch(HEADERS_FOLDER, HEADER_ITEMS, 500, 4, HEADER_MESSAGES),
      () =>
        imapflowFetch(
          HEADERS_FOLDER,
          { uid: true, flags: true, envelope: true, size: true, bodyStructure: true },
          HEADER_MESSAGES,
        ),
    );
    return {
      ours: s.ours,
      peer: s.peer,
      unit: 'ms per folder',
      peerName: 'imapflow fetch 1:*',
      target: 0.8,
      note: `ours: UID SEARCH + UID FETCH batches of 500, 4 in flight; peak RSS growth ours ${s.oursRss} MB, imapflow ${s.peerRss} MB`,
    };
  },
};

/** A first sync of the folder into a fresh cache (SQLite rows, newest first): what a person waits for. */
async function oursFirstSync(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-bench-imap-sync-'));
  const store = SyncStore.open(dir);
  const ctx: SyncContext = { accountId: 'bench', store, connect };
  try {
    const r = await syncFolder(ctx, HEADERS_FOLDER);
    if (r.added !== HEADER_MESSAGES) throw new Error(`the sync added ${r.added} of ${HEADER_MESSAGES}`);
  } finally {
    await closeSync(ctx);
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const firstSync: Benchmark = {
  name: `imap: first sync of ${HEADER_MESSAGES} messages into the cache (SQLite), ours vs imapflow fetch only`,
  needs: 'servers',
  async run(): Promise<BenchResult> {
    await fixture();
    const s = await sideBySide(oursFirstSync, () =>
      imapflowFetch(
        HEADERS_FOLDER,
        { uid: true, flags: true, envelope: true, size: true, bodyStructure: true },
        HEADER_MESSAGES,
      ),
    );
    return {
      ours: s.ours,
      peer: s.peer,
      unit: 'ms per folder',
      peerName: 'imapflow fetch 1:* (stores nothing)',
      note: `informative, no target: ours also lists folders and writes every row to SQLite; peak RSS growth ours ${s.oursRss} MB, imapflow ${s.peerRss} MB`,
    };
  },
};

const bodies: Benchmark = {
  name: `imap: full bodies of ${BODY_MESSAGES} messages (~30 KB), ours vs imapflow`,
  needs: 'servers',
  async run(): Promise<BenchResult> {
    await fixture();
    const s = await sideBySide(
      () => oursFetch(BODIES_FOLDER, ['BODY.PEEK[]'], 125, 4, BODY_MESSAGES),
      () => imapflowFetch(BODIES_FOLDER, { uid: true, source: true }, BODY_MESSAGES),
    );
    return {
      ours: s.ours,
      peer: s.peer,
      unit: 'ms per folder',
      peerName: 'imapflow fetch 1:* {source}',
      target: 1.0,
      note: `ours: UID FETCH BODY.PEEK[] batches of 125 (~4 MB), 4 in flight; peak RSS growth ours ${s.oursRss} MB, imapflow ${s.peerRss} MB`,
    };
  },
};

/** Ours on an open, selected session: only the pipelined body FETCHes are timed. */
async function oursFetchTimed(): Promise<{ ms: number; bytes: number }> {
  const c = await connect();
  try {
    await select(c, BODIES_FOLDER, { readOnly: true });
    const uids = await uidSearch(c, [raw('ALL')]);
    let bytes = 0;
    const ms = await timeMs(async () => {
      const got = await pipelined(chunk(uids, 125), 4, (b) => uidFetch(c, toSet(b), ['BODY.PEEK[]']));
      for (const m of got) bytes += m.attributes.sections?.[0]?.data?.length ?? 0;
    });
    return { ms, bytes };
  } finally {
    await c.logout();
  }
}

const bodiesVsRaw: Benchmark = {
  name: `imap: full bodies of ${BODY_MESSAGES} messages, ours vs a raw TLS socket (throughput of the FETCH)`,
  needs: 'servers',
  async run(): Promise<BenchResult> {
    try {
      const f = await fixture();
      const ours: number[] = [];
      const peer: number[] = [];
      let wire = 0;
      for (let i = 0; i < RUNS; i++) {
        const o = await oursFetchTimed();
        if (o.bytes !== f.bodyTotal) throw new Error(`ours got ${o.bytes} body bytes, not ${f.bodyTotal}`);
        ours.push(f.bodyTotal / 1e6 / (o.ms / 1000));
        const r = await rawFetchTimed('UID FETCH 1:* (BODY.PEEK[])', BODIES_FOLDER);
        wire = r.bytes;
        peer.push(f.bodyTotal / 1e6 / (r.ms / 1000));
      }
      return {
        ours,
        peer,
        unit: 'MB/s of message bytes',
        better: 'higher',
        peerName: 'raw TLS socket, one UID FETCH 1:*, no parsing',
        target: 0.7,
        note: `the FETCH alone is timed on both sides (login and EXAMINE before); ${(f.bodyTotal / 1e6).toFixed(1)} MB of messages, ${(wire / 1e6).toFixed(1)} MB on the wire; ours median ${Math.round(median(ours))} MB/s`,
      };
    } finally {
      // The last benchmark that needs the folders: leave the account as found.
      await cleanup();
    }
  },
};

export default [headers, firstSync, bodies, bodiesVsRaw, ...parserBenchmarks(fixture)];
