/**
 * scripts/summarize.mjs: the lines CI reads. One "SUITE: N passed, N failed" per suite and a
 * closing "total: N passed, N failed", in exactly that form, with true counts from the
 * runners' JSON reports; a suite that ran nothing can never read as green.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/summarize.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mw-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function report(content: unknown): string {
  const file = join(dir, `r${n++}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}
const vitest = (passed: number, failed: number, skipped = 0, success = failed === 0) =>
  report({
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTodoTests: 0,
    success,
  });
const playwright = (expected: number, unexpected: number, skipped = 0) =>
  report({ stats: { expected, unexpected, flaky: 0, skipped }, errors: [] });

function summarize(...args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 10_000 });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, lines, last: lines.at(-1), err: r.stderr };
}

/** The form CI recognises: an optional word with a colon, then "N passed, N failed", nothing more. */
const CI_LINE = /^(\w+: )?\d+ passed, \d+ failed$/;

describe('CI summary lines', () => {
  it('one exact line per suite and a closing total, skipped counts on lines of their own', () => {
    const r = summarize(
      `vitest:unit=${vitest(10, 0, 2)}`,
      `vitest:integration=${vitest(5, 0)}`,
      `playwright:e2e=${playwright(3, 0, 1)}`,
    );
    expect(r.code).toBe(0);
    expect(r.lines.slice(0, 3)).toEqual([
      'unit: 10 passed, 0 failed',
      'integration: 5 passed, 0 failed',
      'e2e: 3 passed, 0 failed',
    ]);
    expect(r.lines).toContain('unit: 2 skipped (never counted as passed)');
    expect(r.last).toBe('total: 18 passed, 0 failed');
    expect(r.last).toMatch(CI_LINE);
  });

  it('a failing suite fails the run and shows in the total', () => {
    const r = summarize(`vitest:unit=${vitest(10, 2)}`, `playwright:e2e=${playwright(3, 1)}`);
    expect(r.code).toBe(1);
    expect(r.last).toBe('total: 13 passed, 3 failed');
  });

  it('a suite that ran nothing, or has no report, counts as failed on the lines themselves', () => {
    const r = summarize(`vitest:unit=${vitest(0, 0)}`, `vitest:integration=${join(dir, 'missing.json')}`);
    expect(r.code).toBe(1);
    expect(r.lines).toContain('unit: 0 passed, 1 failed');
    expect(r.lines).toContain('integration: 0 passed, 1 failed');
    expect(r.last).toBe('total: 0 passed, 2 failed');
    expect(r.err).toContain('unit: no test ran');
  });

  it('a run that failed outside any test (an import error) is a failure', () => {
    const r = summarize(`vitest:unit=${vitest(4, 0, 0, false)}`);
    expect(r.code).toBe(1);
    expect(r.last).toBe('total: 4 passed, 1 failed');
  });

  it('an optional suite (Electron) that skipped everything says so and does not fail the run', () => {
    const r = summarize(`vitest:unit=${vitest(1, 0)}`, `playwright:electron=${playwright(0, 0, 9)}?`);
    expect(r.code).toBe(0);
    expect(r.lines).toContain('electron: 0 passed, 0 failed');
    expect(r.lines).toContain('electron: did not run here; see its own output above for why');
    expect(r.last).toBe('total: 1 passed, 0 failed');
  });
});
