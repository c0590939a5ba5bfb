#!/usr/bin/env bash
# A newcomer's one command: install, build, create + migrate the database, load demo data,
# then run the api and the worker until Ctrl-C. Needs Node 20.19+ and local PostgreSQL + Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node 20.19 or newer is needed, found "+process.version); process.exit(1) }'

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
node scripts/check-services.js

export PORT="${PORT:-3000}"
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:$PORT}"

echo "== building" && npm run --silent build
echo "== database" && npm run --silent db:create && npm run --silent db:migrate
echo "== demo data"
demo_people="$(npm run --silent cli -- demo:seed)"
echo "$demo_people"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

npm run --silent start:api & pids+=($!)
npm run --silent start:worker & pids+=($!)

for _ in $(seq 1 60); do
  if node -e "fetch('http://127.0.0.1:$PORT/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    cat <<INFO

  塩尻サロン Shiojiri Salon is running
    API         $PUBLIC_URL/api
    API docs    $PUBLIC_URL/api/docs
    Health      $PUBLIC_URL/api/health
  Demo data and sign-ins:
$demo_people
  Try:  curl -s -X POST $PUBLIC_URL/api/auth/login -H 'content-type: application/json' \\
          -d '{"email":"kenta@shiojiri-salon.example","password":"shiojiri-demo-2026"}'
  Press Ctrl-C to stop.

INFO
    wait -n "${pids[@]}"
    exit $?
  fi
  sleep 1
done
echo "the api did not become healthy in 60 s" >&2
exit 1
