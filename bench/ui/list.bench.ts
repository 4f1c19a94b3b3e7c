/**
 * bench/ui (issue 8): the message list with a 100,000-message folder in the index, in Debian's
 * Chromium through the browser shell and the real mailbox service.
 *   - click on the folder → first rows painted      target < 200 ms
 *   - frames per second while scrolling the list     target ≥ 50
 *   - the shell (main) process's RSS                 target < 200 MB
 *   - the renderer's JS heap                         no target: noted beside the RSS
 * These targets are absolute and there is no peer, so each row's "peer" is the target itself
 * (peerName 'target'); a ratio ≤ 1 (≥ 1 for frames per second) meets it.
 *
 * One profile is made (≈20 s), then RUNS sessions each start a fresh shell and browser; the
 * three rows share those sessions. `npx tsx bench/run.ts ui`. BENCH_UI_MESSAGES and
 * BENCH_UI_RUNS override the count and the runs. Needs no test server: nothing leaves loopback.
 */
import { rm } from 'node:fs/promises';
import type { Benchmark, BenchResult } from '../harness';
import { makeProfile } from './profile';
import { measureSession, type SessionFigures } from './session';

const MESSAGES = Number(process.env['BENCH_UI_MESSAGES'] ?? 100_000);
const RUNS = Number(process.env['BENCH_UI_RUNS'] ?? 3);

interface Measured {
  sessions: SessionFigures[];
  fillSeconds: number;
}

let measured: Promise<Measured> | undefined;

function measureAll(): Promise<Measured> {
  measured ??= (async () => {
    const profile = await makeProfile(MESSAGES);
    try {
      const sessions: SessionFigures[] = [];
      for (let i = 0; i < RUNS; i++) sessions.push(await measureSession(profile.home, MESSAGES));
      return { sessions, fillSeconds: profile.fillMs / 1000 };
    } finally {
      await rm(profile.home, { recursive: true, force: true });
    }
  })();
  return measured;
}

const list = (xs: readonly number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');

function row(
  pick: (s: SessionFigures) => number,
  target: number,
  unit: string,
  better: 'lower' | 'higher',
  note: (m: Measured) => string,
): () => Promise<BenchResult> {
  return async () => {
    const m = await measureAll();
    const ours = m.sessions.map(pick);
    return {
      ours,
      peer: ours.map(() => target),
      unit,
      peerName: 'target',
      better,
      target: 1,
      note: note(m),
    };
  };
}

const count = MESSAGES.toLocaleString('en');

const benches: Benchmark[] = [
  {
    name: `ui: click → first rows painted (${count} messages)`,
    run: row(
      (s) => s.clickToRowsMs,
      200,
      'ms',
      'lower',
      (m) =>
        `per run: ${list(m.sessions.map((s) => s.clickToRowsMs))} ms; index + Maildir of ${count} messages filled in ${m.fillSeconds.toFixed(1)} s`,
    ),
  },
  {
    name: 'ui: frames per second while scrolling',
    run: row(
      (s) => s.scrollFps,
      50,
      'fps',
      'higher',
      (m) =>
        `per run: ${list(
          m.sessions.map((s) => s.scrollFps),
          1,
        )} fps; worst frame ${list(m.sessions.map((s) => s.worstFrameMs))} ms; ` +
        `scrolled ${list(m.sessions.map((s) => s.rowsScrolled))} rows in 3 s; ` +
        `rows where it stopped arrived: ${m.sessions.map((s) => (s.rowsArrivedAtEnd ? 'yes' : 'NO')).join(', ')}`,
    ),
  },
  {
    name: 'ui: main-process RSS after scrolling',
    run: row(
      (s) => s.rssMB,
      200,
      'MB',
      'lower',
      (m) =>
        `per run: ${list(m.sessions.map((s) => s.rssMB))} MB (peak ${list(m.sessions.map((s) => s.peakRssMB))}); ` +
        `renderer JS heap ${list(
          m.sessions.map((s) => s.rendererHeapMB),
          1,
        )} MB (no target)`,
    ),
  },
];

export default benches;
