#!/usr/bin/env bash
# The one test command (npm test): unit, integration against the real servers, and e2e in
# Chromium (and Electron where its binary exists). Starts the servers if they are not running (and stops them again afterwards),
# and prints one "SUITE: N passed, N failed" line per suite from the runners' JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
reports=.tmp/reports
rm -rf "$reports" && mkdir -p "$reports"

# Before any suite ran, a failure still closes with the line CI reads, so it is never taken for green.
fail_early() { echo "test: $*" >&2; echo "total: 0 passed, 1 failed" | tee "$reports/summary.txt"; exit 1; }

started_servers=0
if ! bash e2e/servers/start.sh --check >/dev/null 2>&1; then
  bash e2e/servers/start.sh || fail_early "the test servers did not start (see above)"
  started_servers=1
fi
stop_servers() { if [ "$started_servers" = 1 ]; then bash e2e/servers/stop.sh; fi; }
trap stop_servers EXIT

npm run --silent build || { stop_servers; trap - EXIT; fail_early "the build failed"; }

export XDG_CONFIG_HOME="$PWD/.tmp/xdg-config" XDG_CACHE_HOME="$PWD/.tmp/xdg-cache"
status=0
npx vitest run --project unit --project renderer --reporter=default --reporter=json \
  --outputFile.json="$reports/unit.json" || status=1
# Inside a throwaway D-Bus session with an unlocked gnome-keyring, so the keychain tests
# talk to a real Secret Service instead of skipping.
bash e2e/support/with-keyring.sh npx vitest run --project integration --reporter=default --reporter=json \
  --outputFile.json="$PWD/$reports/integration.json" || status=1
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json || status=1
# The Electron suite runs wherever Electron's binary is installed; elsewhere it reports
# every test as skipped, with the reason, and is never counted as passed.
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/electron.json" npx playwright test -c playwright.electron.config.ts \
  --reporter=list,json || status=1

# Stopped before the summary, so its counts are the closing lines (CI reads the last one).
stop_servers
trap - EXIT
echo
# Also kept in a file: .ci/run prints it again as its very last lines, after stopping the servers.
node scripts/summarize.mjs "vitest:unit=$reports/unit.json" "vitest:integration=$reports/integration.json" \
  "playwright:e2e=$reports/e2e.json" "playwright:electron=$reports/electron.json?" >"$reports/summary.txt" || status=1
cat "$reports/summary.txt"
exit $status
