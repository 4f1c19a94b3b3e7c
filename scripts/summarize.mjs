// Prints one line per suite, exactly "SUITE: N passed, N failed", from the JSON reports of
// Vitest and Playwright, and closes with "total: N passed, N failed". CI reads these lines in
// exactly that form, so skipped counts go on lines of their own, before the closing line.
//
//   node scripts/summarize.mjs vitest:unit=FILE vitest:integration=FILE playwright:e2e=FILE \
//     playwright:electron=FILE?
//
// A suite whose report is missing or that ran no test fails (counted as 1 failed), except one marked with a
// trailing "?" (the Electron suite): it may skip every test, and then says so plainly,
// because its binary cannot be installed on every machine. Skipped is never counted as passed.
import { readFileSync } from 'node:fs';

function count(kind, report) {
  if (kind === 'vitest') {
    return {
      passed: report.numPassedTests,
      // A run can fail outside any test (an import error, an unhandled rejection).
      failed: report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0),
      skipped: report.numPendingTests + report.numTodoTests,
    };
  }
  const s = report.stats;
  return {
    passed: s.expected + s.flaky,
    failed: s.unexpected + (report.errors?.length ?? 0),
    skipped: s.skipped,
  };
}

const line = (name, c) => `${name}: ${c.passed} passed, ${c.failed} failed`;
const notes = [];
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const arg of process.argv.slice(2)) {
  const match = /^(vitest|playwright):([\w-]+)=(.+?)(\?)?$/.exec(arg);
  if (!match) {
    console.error(`summarize: cannot read the argument "${arg}"`);
    process.exit(2);
  }
  const [, kind, suite, file, optional] = match;
  let c;
  try {
    c = count(kind, JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    console.error(`${suite}: no readable report at ${file} (${e.code ?? e.message}): the suite did not run`);
    c = { passed: 0, failed: 1, skipped: 0 };
  }
  if (c.passed === 0 && c.failed === 0) {
    if (optional) notes.push(`${suite}: did not run here; see its own output above for why`);
    else {
      // A suite that ran nothing counts as a failure on the lines CI reads, not only in the exit code.
      console.error(`${suite}: no test ran`);
      c = { ...c, failed: 1 };
    }
  }
  console.log(line(suite, c));
  if (c.skipped > 0) notes.push(`${suite}: ${c.skipped} skipped (never counted as passed)`);
  if (c.failed > 0) ok = false;
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
for (const n of notes) console.log(n);
console.log(line('total', total));
process.exit(ok ? 0 : 1);
