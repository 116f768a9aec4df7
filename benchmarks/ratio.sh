#!/usr/bin/env bash
# Commands against healthz on one server, in short runs (issue 9, point 9): how a change moves the
# ratio, measured in minutes rather than load.sh's full run. Two rounds of 8 s healthz then 8 s
# "/role sre", 64 connections, then the questions log's counters. Settings go in as NAME=VALUE;
# ROOT=<another checkout> measures that checkout's release build (build it first), so two builds
# can be run one after the other in the same half hour:
#
#   benchmarks/ratio.sh                          this checkout, questions log on
#   benchmarks/ratio.sh Log__Questions=false     the same without the log
#   ROOT=/tmp/old benchmarks/ratio.sh            another checkout
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LOAD="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/load/message.lua"
PORT=${ROLEBOT_LOAD_PORT:-3994}
DB="$(mktemp -d)/questions.db"
command -v wrk >/dev/null || { echo "ratio.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -f "$ROOT/src/RoleBot.Server/bin/Release/net10.0/RoleBot.Server.dll" ] || flock /tmp/rolebot-build.lock dotnet build -c Release "$ROOT/src/RoleBot.Server" -v q -nologo >/dev/null
env ASPNETCORE_ENVIRONMENT=Development Bot__AllowAnonymous=true RateLimit__Enabled=false Logging__LogLevel__Default=Warning Log__SqlitePath="$DB" "$@" \
  dotnet "$ROOT/src/RoleBot.Server/bin/Release/net10.0/RoleBot.Server.dll" --urls "http://127.0.0.1:$PORT" > "${DB%.db}.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$(dirname "$DB")"' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
wrk -t2 -c8 -d3s "http://127.0.0.1:$PORT/healthz" >/dev/null
TEXT="/role sre" wrk -t2 -c64 -d3s -s "$LOAD" "http://127.0.0.1:$PORT/api/messages" >/dev/null
echo "root: $ROOT  commit: $(git -C "$ROOT" rev-parse --short HEAD)  settings: $*"
for _ in 1 2; do
  h=$(wrk -t2 -c64 -d8s "http://127.0.0.1:$PORT/healthz" | awk '/Requests\/sec/{print $2}')
  read -r c p < <(TEXT="/role sre" wrk -t2 -c64 -d8s --latency -s "$LOAD" "http://127.0.0.1:$PORT/api/messages" | awk '/Requests\/sec/{r=$2} / 99%/{p=$2} END{print r, p}')
  echo "healthz $h  commands $c (p99 $p)  $(awk -v c="$c" -v h="$h" 'BEGIN{printf "%.0f%% of healthz", 100*c/h}')"
done
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^rolebot_question_log_writes' || true
