#!/usr/bin/env bash
# Runs every test, installing first what the tests need beyond the .NET SDK: Debian's Chromium and
# an emoji font, Node.js/npm and the Agents Playground (tests/e2e-setup.sh; it skips what is there).
# This is the README's test command; .ci/run calls it too. Extra arguments go to `dotnet test`.
#
#   bash tests/run.sh
#   bash tests/run.sh --filter "FullyQualifiedName~Conversation"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" -eq 0 ]; then
  bash tests/e2e-setup.sh
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo bash tests/e2e-setup.sh
else
  echo "tests/run.sh: not root and no sudo: cannot install Chromium and the Playground; the browser tests will fail" >&2
fi

exec dotnet test RoleBot.sln "$@"
