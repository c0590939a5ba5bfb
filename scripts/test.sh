#!/usr/bin/env bash
# The whole test suite: type check, lint, build, then unit, integration and end-to-end tests
# against the local PostgreSQL and Redis (each run creates its own database and Redis prefix, and removes them),
# the web client's unit tests, its budget and the browser tests (Debian's chromium and fonts-noto-cjk), and last
# the fault suite (test/faults) against a PostgreSQL and a Redis of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
node scripts/check-services.js
echo "== typecheck" && npm run --silent typecheck
echo "== lint" && npm run --silent lint
echo "== build" && npm run --silent build
echo "== jest (unit, integration, e2e)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
npx jest --ci --json --outputFile="$work/jest.json" --selectProjects unit integration e2e "$@" || status=$?

# The web client: its logic without a browser (vitest), its first-load budget, then Debian's Chromium
# against the built api serving the built client (Playwright; docs/web.md).
echo "== web client unit tests (vitest)"
npx vitest run --config apps/web/vite.config.mts --reporter=default --reporter=json \
  --outputFile.json="$work/vitest.json" || status=$?
echo "== web client first-load budget"
node scripts/check-web-budget.mjs || status=$?
echo "== browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON="$work/playwright.json" npx playwright test --config test/browser/playwright.config.ts || status=$?

# The fault suite starts its own PostgreSQL and Redis and kills them: one spec at a time, nothing else running.
echo "== jest (faults: services killed and restarted under load)"
npx jest --ci --json --outputFile="$work/faults.json" --selectProjects faults --runInBand --passWithNoTests "$@" ||
  status=$?

# One plain closing line that any CI log reader understands, over every runner (a runner that could not
# report counts as a failure).
node -e '
  const fs = require("fs");
  const read = (file) => { try { return JSON.parse(fs.readFileSync(file, "utf8")); } catch { return null; } };
  const [jest, vitest, pw, faults] = process.argv.slice(1).map(read);
  const ofJest = (r) => r && [r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites, r.numPendingTests];
  const runs = [
    ["jest", ofJest(jest)],
    ["vitest", vitest && [vitest.numPassedTests, vitest.numFailedTests + (vitest.numRuntimeErrorTestSuites ?? 0), vitest.numPendingTests]],
    ["playwright", pw && [pw.stats.expected + pw.stats.flaky, pw.stats.unexpected + pw.errors.length, pw.stats.skipped]],
    ["faults", ofJest(faults)],
  ];
  const total = [0, 0, 0];
  for (const [name, counts] of runs) {
    const [passed, failed, skipped] = counts ?? [0, 1, 0];
    console.log(`${name}: ${passed} passed, ${failed} failed, ${skipped} skipped${counts ? "" : " (no report)"}`);
    total[0] += passed; total[1] += failed; total[2] += skipped;
  }
  console.log(`total: ${total[0]} passed, ${total[1]} failed, ${total[2]} skipped`);
' "$work/jest.json" "$work/vitest.json" "$work/playwright.json" "$work/faults.json" || true
exit "$status"
