#!/usr/bin/env bash
# A newcomer's one command: install, build, create + migrate the database, load demo data,
# then run a local mail catcher, the api and the worker until Ctrl-C, and send this week's digests.
# Needs Node 20.19+ and local PostgreSQL + Redis.
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
# Only warnings and errors from the api and worker, so the summary below stays readable; LOG_LEVEL=info
# npm run demo shows a line per request too.
export LOG_LEVEL="${LOG_LEVEL:-warn}"

echo "== building" && npm run --silent build
echo "== database" && npm run --silent db:create && npm run --silent db:migrate
echo "== demo data"
demo_people="$(npm run --silent cli -- demo:seed)"
echo "$demo_people"
# The salon's past (people who joined since the 2021 CxO Lab, their activity, past events and digests), so that
# the city's figures on /admin/kpis show; not part of demo:seed, whose exact people the browser tests expect.
demo_history="$(npm run --silent cli -- demo:history)"
echo "$demo_history"

# Mail (event reminders, digests) goes to SMTP_URL; by default that is a mail catcher this script starts.
port_open() { node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; }
pids=()
catcher_pid=""
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  # Last, so the mail the worker sends while finishing its jobs still lands in it.
  if [ -n "$catcher_pid" ]; then
    kill -TERM "$catcher_pid" 2>/dev/null || true
    wait "$catcher_pid" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

case "${SMTP_URL:-smtp://127.0.0.1:1025}" in
  smtp://127.0.0.1:1025 | smtp://localhost:1025)
    if port_open 1025; then
      mail_info="something already listens on 127.0.0.1:1025 (your own mail catcher?): the demo's mail goes there"
      echo "== mail: $mail_info"
    else
      echo "== mail catcher (npm run mail)"
      node scripts/mail-catcher.mjs & catcher_pid=$!
      for _ in $(seq 1 50); do
        if port_open 1025 || ! kill -0 "$catcher_pid" 2>/dev/null; then break; fi
        sleep 0.2
      done
      if port_open 1025; then
        mail_info="http://127.0.0.1:1080 (mail catcher: every email the demo sends)"
      else
        mail_info="the mail catcher did not start (see above): emails will fail and be retried"
      fi
    fi
    ;;
  *) mail_info="sent to SMTP_URL=$SMTP_URL" ;;
esac

# What `npm run start:api` / `start:worker` run, without npm and its `sh -c` in between: stop()'s TERM must
# reach node itself (through them it did not, and the apps outlived the script).
node --enable-source-maps dist/apps/api/src/main.js & pids+=($!)
node --enable-source-maps dist/apps/worker/src/main.js & pids+=($!)

healthy=""
for _ in $(seq 1 60); do
  if node -e "fetch('http://127.0.0.1:$PORT/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    healthy=1
    break
  fi
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "the api did not become healthy in 60 s" >&2
  exit 1
fi

# This week's digest for every demo member, at once (an admin run: the period ends now). A member gets
# at most one digest per ISO week, so running the demo again in the same week sends none: the catcher
# keeps the earlier run's mail (.demo/mail), so there is still one to read.
echo "== this week's digests (npm run cli -- digests:run weekly --wait)"
if ! digests="$(npm run --silent cli -- digests:run weekly --wait 2>&1)"; then
  digests="not sent: $digests"
fi
case "$digests" in
  *"nobody was due"*)
    digests_hint="This week's digests went out on an earlier run: the mail catcher still has them (Mail above); GET /api/digests/preview shows yours as it would be now." ;;
  *) digests_hint="Read them (Mail above): this week's conversations and next events, and a one-click unsubscribe." ;;
esac

cat <<INFO

  塩尻サロン Shiojiri Salon is running
    Web         $PUBLIC_URL/   ← open this in a browser and sign in as a demo member (below)
    API         $PUBLIC_URL/api
    API docs    $PUBLIC_URL/api/docs
    Health      $PUBLIC_URL/api/health
    Mail        $mail_info
  Demo data and sign-ins:
$demo_people
  $demo_history
    Figures for the city: $PUBLIC_URL/admin/kpis (sign in as coordinator@)
  Digests:
    $digests
    $digests_hint
  Try:  two browser windows (one private) on $PUBLIC_URL/, signed in as kenta@ and yumi@, chatting in a theme;
        or over HTTP: curl -s -X POST $PUBLIC_URL/api/auth/login -H 'content-type: application/json' \\
          -d '{"email":"kenta@shiojiri-salon.example","password":"shiojiri-demo-2026"}'
  Press Ctrl-C to stop.

INFO
wait -n "${pids[@]}"
exit $?
