#!/usr/bin/env bash
# Throughput of the real server on loopback (issue 9, point 9), all in one run with wrk:
#   1. GET /healthz                        the server's own ceiling on this machine
#   2. POST /api/messages "/role sre"     answers that skip the model (a slash command; buttons are the same path)
#   3. POST /api/messages free text        a new question every request (the model runs each time)
# Each at 64 connections for 20 s, expectReplies (the answer comes back in the HTTP response, as the
# Agents Playground and Web Chat use it), anonymous local mode, per-person rate limits off (wrk is
# one "person"). The free-text figure is compared with what the model allows: two cores divided by
# the time of one free-text answer in process (BenchmarkDotNet, README "Speed").
#
#   benchmarks/load.sh          (about 2 minutes; installs wrk from Debian when run as root)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/benchmarks/results/load-$(date -u +%Y%m%d-%H%M%S)"
PORT=${ROLEBOT_LOAD_PORT:-3990}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
mkdir -p "$OUT"
cd "$ROOT"
# wrk comes from Debian, as the test command's servers do; installed here when it can be.
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "load.sh: installing wrk (apt-get install wrk)" >&2
  { apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; } >/dev/null
fi
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

flock /tmp/rolebot-build.lock dotnet build -c Release src/RoleBot.Server -v q -nologo >/dev/null
# The questions log is on, as in production, in a file of this run (not the machine's own log).
ASPNETCORE_ENVIRONMENT=Development Bot__AllowAnonymous=true RateLimit__Enabled=false Logging__LogLevel__Default=Warning Log__SqlitePath="$OUT/questions.db" \
  dotnet src/RoleBot.Server/bin/Release/net10.0/RoleBot.Server.dll --urls "http://127.0.0.1:$PORT" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done

# Warm up (JIT, caches), then measure.
wrk -t2 -c8 -d3s "http://127.0.0.1:$PORT/healthz" >/dev/null
{
  echo "commit: $(git rev-parse --short HEAD)  connections: $CONNECTIONS  duration: $DURATION  cores: $(nproc)"
  echo "== GET /healthz"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/healthz"
  echo "== POST /api/messages /role sre (skips the model)"
  TEXT="/role sre" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/load/message.lua "http://127.0.0.1:$PORT/api/messages"
  echo "== POST /api/messages free text, a new question each time (runs the model)"
  TEXT="what does a site reliability engineer do all day, question" UNIQUE=1 \
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/load/message.lua "http://127.0.0.1:$PORT/api/messages"
} 2>&1 | tee "$OUT/wrk.txt"
echo "results: $OUT/wrk.txt"
