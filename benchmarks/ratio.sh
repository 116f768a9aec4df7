#!/usr/bin/env bash
# Commands against healthz on one server, in short runs (issue 9, point 9): how a change moves the
# ratio, measured in minutes rather than load.sh's full run. Two rounds of 8 s healthz then 8 s
# "/role sre", 64 connections, then the questions log's counters. Settings go in as NAME=VALUE;
# ROOT=<another checkout> measures that checkout, so two builds can be run one after the other in
# the same half hour. The release build is made first, as in load.sh.
#
#   benchmarks/ratio.sh                          this checkout, questions log on
#   benchmarks/ratio.sh Log__Questions=false     the same without the log
#   ROOT=/tmp/old benchmarks/ratio.sh            another checkout
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LOAD="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/load/message.lua"
PORT=${ROLEBOT_LOAD_PORT:-3994}
command -v wrk >/dev/null || { echo "ratio.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "ratio.sh: something already listens on port $PORT" >&2; exit 1; fi
flock /tmp/rolebot-build.lock dotnet build -c Release "$ROOT/src/RoleBot.Server" -v q -nologo >/dev/null

WORK="$(mktemp -d)"
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
env ASPNETCORE_ENVIRONMENT=Development Bot__AllowAnonymous=true RateLimit__Enabled=false Logging__LogLevel__Default=Warning Log__SqlitePath="$WORK/questions.db" "$@" \
  dotnet "$ROOT/src/RoleBot.Server/bin/Release/net10.0/RoleBot.Server.dll" --urls "http://127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
for n in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "ratio.sh: the server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  [ "$n" -lt 240 ] || { echo "ratio.sh: the server was not ready in 2 minutes" >&2; exit 1; }
  sleep 0.5
done

# wrk counts failed answers as throughput: a run with any non-200 or socket error is refused.
run() {
  local out
  out=$("$@")
  if grep -q "Socket errors" <<<"$out" || ! grep -q "Requests/sec" <<<"$out"; then echo "ratio.sh: errors in the run:" >&2; echo "$out" >&2; exit 1; fi
  if grep -q "non-200 responses" <<<"$out" && ! grep -q "non-200 responses: 0 " <<<"$out"; then echo "ratio.sh: failed answers:" >&2; echo "$out" >&2; exit 1; fi
  echo "$out"
}
wrk -t2 -c8 -d3s "http://127.0.0.1:$PORT/healthz" >/dev/null
TEXT="/role sre" wrk -t2 -c64 -d3s -s "$LOAD" "http://127.0.0.1:$PORT/api/messages" >/dev/null
echo "root: $ROOT  commit: $(git -C "$ROOT" describe --always --dirty)  settings: $*"
for _ in 1 2; do
  h=$(run wrk -t2 -c64 -d8s "http://127.0.0.1:$PORT/healthz" | awk '/Requests\/sec/{print $2}')
  c=$(TEXT="/role sre" run wrk -t2 -c64 -d8s --latency -s "$LOAD" "http://127.0.0.1:$PORT/api/messages")
  r=$(awk '/Requests\/sec/{print $2}' <<<"$c"); p=$(awk '/ 99%/{print $2}' <<<"$c")
  echo "healthz $h  commands $r (p99 $p)  $(awk -v c="$r" -v h="$h" 'BEGIN{printf "%.0f%% of healthz", 100*c/h}')"
done
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^rolebot_question_log_writes' || true
