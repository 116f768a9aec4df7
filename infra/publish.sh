#!/usr/bin/env bash
# The one way RoleBot.Server is published for a container: the Dockerfile's build stage runs it,
# and so does the test that starts the published server the way the image does
# (tests/RoleBot.Server.Tests/Deployment), so the two cannot drift apart.
#
#   bash infra/publish.sh OUTPUT_DIR
#
# Release, framework-dependent (the image's base has the ASP.NET Core runtime), for this machine's
# platform only (linux-x64 or linux-arm64: ONNX Runtime's native libraries for Windows, macOS,
# Android and iOS would add 200 MB), with no native launcher (the image starts
# `dotnet RoleBot.Server.dll`). The knowledge/ corpus and wwwroot/ come along
# (RoleBot.Server.csproj), the MiniLM model is inside its package's assembly. No build servers are
# left running afterwards (a container build or a test would wait on them).
set -euo pipefail
out=${1:?usage: infra/publish.sh OUTPUT_DIR}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet publish src/RoleBot.Server/RoleBot.Server.csproj \
  --configuration Release \
  --output "$out" \
  --use-current-runtime --self-contained false \
  --disable-build-servers \
  -p:UseAppHost=false
