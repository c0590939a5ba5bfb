#!/usr/bin/env bash
# The whole test suite: type check, lint, build, then unit, integration and end-to-end tests
# against the local PostgreSQL and Redis (each run creates its own database and Redis prefix, and removes them),
# then the fault suite (test/faults) against a PostgreSQL and a Redis of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
node scripts/check-services.js
echo "== typecheck" && npm run --silent typecheck
echo "== lint" && npm run --silent lint
echo "== build" && npm run --silent build
echo "== jest (unit, integration, e2e)"
results="$(mktemp)"
faults="$(mktemp)"
trap 'rm -f "$results" "$faults"' EXIT
status=0
npx jest --ci --json --outputFile="$results" --selectProjects unit integration e2e "$@" || status=$?
# The fault suite starts its own PostgreSQL and Redis and kills them: one spec at a time, nothing else running.
echo "== jest (faults: services killed and restarted under load)"
npx jest --ci --json --outputFile="$faults" --selectProjects faults --runInBand --passWithNoTests "$@" || status=$?
# One plain closing line that any CI log reader understands.
node -e '
  const fs = require("fs");
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of process.argv.slice(1)) {
    const text = fs.readFileSync(file, "utf8");
    if (!text) { totals.failed += 1; continue; } // jest itself did not finish
    const r = JSON.parse(text);
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    totals.skipped += r.numPendingTests;
  }
  console.log(`jest: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
' "$results" "$faults" || true
exit "$status"
