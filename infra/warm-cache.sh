#!/usr/bin/env bash
# Fills RoleBot's cache folder (ROLEBOT_CACHE_DIR) for a published server: the int8 copy of the
# MiniLM model, the passage and intent-example vectors and the trained intent classifier. It starts
# the server once, waits until /readyz says the knowledge is loaded, and stops it.
#
#   bash infra/warm-cache.sh PUBLISH_DIR CACHE_DIR      (port: $ROLEBOT_WARM_PORT, else 3979)
#
# The Dockerfile runs it at build time, so that a pod starts in a few seconds and never writes
# (its root file system is read-only); the cache is keyed by the content of the model and the
# texts, so it stays valid wherever it is read. A corpus mounted over the image's one later simply
# misses the cache: its vectors are then computed at each start, in memory.
set -euo pipefail
app=$(cd "${1:?usage: infra/warm-cache.sh PUBLISH_DIR CACHE_DIR}" && pwd)
cache=${2:?usage: infra/warm-cache.sh PUBLISH_DIR CACHE_DIR}
port=${ROLEBOT_WARM_PORT:-3979}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$cache"
log=$(mktemp)

# Anonymous mode on loopback only: nothing but the probe ever reaches this server.
ROLEBOT_CACHE_DIR="$cache" \
ASPNETCORE_ENVIRONMENT=Production \
ASPNETCORE_URLS="http://127.0.0.1:$port" \
Knowledge__Path="$app/knowledge" \
Bot__AllowAnonymous=true \
MicrosoftAppId= \
SLACK_SIGNING_SECRET= SLACK_APP_TOKEN= \
  dotnet "$app/RoleBot.Server.dll" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

ready=false
for ((i = 0; i < 600; i++)); do  # 5 minutes at most (a shared 2-core machine needs about 15 s)
  if bash "$here/healthcheck.sh" /readyz "$port"; then ready=true; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.5
done
if ! $ready; then
  echo "warm-cache: the server did not become ready; its output:" >&2
  cat "$log" >&2
  exit 1
fi
kill -TERM "$pid"
wait "$pid" || true

shopt -s nullglob
models=("$cache"/model-*.onnx) passages=("$cache"/passages-*.vectors) classifiers=("$cache"/*.model)
if ((${#models[@]} == 0 || ${#passages[@]} == 0 || ${#classifiers[@]} == 0)); then
  echo "warm-cache: $cache lacks the model, the passage vectors or the classifier:" >&2
  ls -l "$cache" >&2
  exit 1
fi
echo "warm-cache: $(du -sh "$cache" | cut -f1) in $cache"
