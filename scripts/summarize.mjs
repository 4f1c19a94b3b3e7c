// Prints one closing line per suite, "SUITE: N passed, N failed[, N skipped]", from the JSON
// report of Vitest or Playwright. CI reads these lines; a report that ran no test is a failure.
import { readFileSync } from 'node:fs';

const [kind, suite, file] = process.argv.slice(2);
if (!kind || !suite || !file) {
  console.error('usage: summarize.mjs vitest|playwright SUITE REPORT.json');
  process.exit(2);
}
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`${suite}: 0 passed, 1 failed`);
  console.error(`${suite}: no readable report at ${file} (${e.code ?? e.message}): the suite did not run`);
  process.exit(1);
}
let passed, failed, skipped;
if (kind === 'vitest') {
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.success === false && report.numFailedTests === 0 ? 1 : 0);
  skipped = report.numPendingTests + report.numTodoTests;
} else {
  const s = report.stats;
  passed = s.expected + s.flaky;
  failed = s.unexpected + (report.errors?.length ?? 0);
  skipped = s.skipped;
}
console.log(`${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (passed === 0 && failed === 0) console.error(`${suite}: no test ran`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
