#!/usr/bin/env bash
# Speed measurements for RoleBot (issue 2): BenchmarkDotNet (index build, answers), CLI start-up,
# CLI batch of 1,000 questions, and an in-process profile that says where the time goes.
#
#   benchmarks/run.sh            everything (about 5 minutes on 2 cores)
#   benchmarks/run.sh startup    only some steps: any of  bench startup batch profile
#
# Every dotnet command runs under the machine's build lock (other people build and test here).
# Child processes started by a step (BenchmarkDotNet's runners, the rolebot CLI) run inside that
# step's lock; they never take it themselves. Output goes to benchmarks/results/<UTC time>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK=/tmp/rolebot-build.lock
PROJECT="$ROOT/benchmarks/RoleBot.Benchmarks"
OUT="$ROOT/benchmarks/results/$(date -u +%Y%m%d-%H%M%S)"
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(bench startup batch profile)
mkdir -p "$OUT"
cd "$ROOT"

locked() { flock "$LOCK" "$@"; }
run_step() { # name (the output file), then the program's arguments
  local name=$1; shift
  echo "== $name: dotnet run -c Release --no-build --project benchmarks/RoleBot.Benchmarks -- $*" | tee "$OUT/$name.txt"
  locked dotnet run -c Release --no-build --project "$PROJECT" -- "$@" 2>&1 | tee -a "$OUT/$name.txt"
}

{
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "uncommitted changes in src/: $(git status --short -- src 2>/dev/null | wc -l) files"
  echo "machine: $(nproc) cores, $(uname -sr)"
  echo "started: $(date -u +%FT%TZ)"
} | tee "$OUT/environment.txt"

echo "== build (Release): src/RoleBot.Cli and benchmarks/RoleBot.Benchmarks"
locked dotnet build -c Release "$ROOT/src/RoleBot.Cli/RoleBot.Cli.csproj" -v quiet -nologo 2>&1 | tail -3 | tee "$OUT/build.txt"
locked dotnet build -c Release "$PROJECT/RoleBot.Benchmarks.csproj" -v quiet -nologo 2>&1 | tail -3 | tee -a "$OUT/build.txt"

for step in "${STEPS[@]}"; do
  case $step in
    bench)   run_step bench --filter '*' --artifacts "$OUT/BenchmarkDotNet.Artifacts" ;;
    startup) run_step startup startup ;;
    batch)   run_step batch batch ;;
    profile) run_step profile profile ;;
    *) echo "unknown step '$step' (bench startup batch profile)" >&2; exit 2 ;;
  esac
done

echo
echo "================ summary ($OUT) ================"
if [ -f "$OUT/bench.txt" ]; then
  # The result tables of each BenchmarkDotNet summary.
  awk '/^\/\/ \* Summary \*/{on=1; next} /^\/\/ \* (Warnings|Hints|Legends) \*/{on=0} on && /^\|/' "$OUT/bench.txt"
fi
for f in startup batch profile; do
  [ -f "$OUT/$f.txt" ] && grep -E '^(STARTUP|BATCH|ASK)|^  spawn' "$OUT/$f.txt" || true
done
