#!/usr/bin/env bash
# The whole test suite: type check, lint, build, then unit, integration and end-to-end tests
# against the local PostgreSQL and Redis (each run creates its own database and Redis prefix, and removes them).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
node scripts/check-services.js
echo "== typecheck" && npm run --silent typecheck
echo "== lint" && npm run --silent lint
echo "== build" && npm run --silent build
echo "== jest (unit, integration, e2e)"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line that any CI log reader understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  console.log(`jest: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
