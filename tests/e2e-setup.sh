#!/usr/bin/env bash
# Installs what the end-to-end tests (tests/RoleBot.Server.Tests/EndToEnd) need on a Debian machine.
# Run as root before `dotnet test`; safe to run again (it only installs what is missing).
#
#   - Debian's Chromium at /usr/bin/chromium, driven by Microsoft.Playwright (whose driver ships in the
#     NuGet package; Playwright's own browser download is never used: it cannot work offline).
#   - An emoji font, so screenshots show the cards' emoji rather than empty boxes (cosmetic).
#   - The Microsoft 365 Agents Playground pinned in tests/playground/package-lock.json (npm ci), and
#     Node.js/npm to run it if the machine has none.
#   - Debian's redis-server, which the shared-state tests start on a free loopback port.
#   - Debian's postgresql (initdb, pg_ctl, postgres, psql, and the postgres user they run as when the
#     tests are root), which the tests start in a temp directory on a free loopback port.
#   - For the Deployment tests: kubectl (for `kubectl kustomize`) if the machine has none and Debian
#     offers one, and the Kubernetes schema validator pinned in tests/k8s/package-lock.json (npm ci).
#
# Only Debian's and npm's registries are used.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
playground="$here/playground"

if [[ $(id -u) -ne 0 ]]; then
  echo "e2e-setup: run as root (it uses apt-get)." >&2
  exit 1
fi

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    apt-get update -q
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The two-replica tests start their own redis-server on a free loopback port (never the system's).
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# PostgresServer runs its own initdb + postgres (never the system's cluster); Debian keeps initdb off PATH.
initdb_found=false
for initdb in "$(command -v initdb 2>/dev/null || true)" /usr/local/bin/initdb /usr/lib/postgresql/*/bin/initdb; do
  if [[ -n "$initdb" && -x "$initdb" ]]; then initdb_found=true; break; fi
done
$initdb_found || missing+=(postgresql)
if ((${#missing[@]})); then
  echo "e2e-setup: installing ${missing[*]}"
  apt_install "${missing[@]}"
else
  echo "e2e-setup: chromium, emoji font, node, npm, redis-server and postgresql already installed"
fi
/usr/bin/chromium --version 2>/dev/null || { echo "e2e-setup: /usr/bin/chromium does not run" >&2; exit 1; }

# npm ci replaces node_modules from the lock file; skip it when the pinned version is already there.
wanted=$(node -p "require('$playground/package-lock.json').packages['node_modules/@microsoft/m365agentsplayground'].version")
installed=$(node -p "try { require('$playground/node_modules/@microsoft/m365agentsplayground/package.json').version } catch { '' }")
if [[ "$installed" == "$wanted" ]]; then
  echo "e2e-setup: Agents Playground $installed already installed in tests/playground"
else
  echo "e2e-setup: npm ci in tests/playground (Agents Playground $wanted)"
  (cd "$playground" && npm ci --no-audit --no-fund)
fi


# The Teams manifest validator (Microsoft's bundled schemas) used by TeamsManifestTests.
validate="$here/../manifests/teams/validate"
if [[ -d "$validate/node_modules/@microsoft/app-manifest" ]]; then
  echo "e2e-setup: Teams manifest validator already installed"
else
  echo "e2e-setup: npm ci in manifests/teams/validate"
  (cd "$validate" && npm ci --no-audit --no-fund)
fi
# kubectl renders infra/k8s in the Deployment tests (`kubectl kustomize`, offline). A kubectl already
# on PATH is used as it is. Otherwise Debian's, if it has one: bookworm's kubernetes-client is 1.20,
# whose kustomize (v2.0.3) is older than the overlays need (v4 or later), so say so.
if command -v kubectl >/dev/null 2>&1; then
  echo "e2e-setup: kubectl already installed"
else
  if ! $apt_updated; then apt-get update -q; apt_updated=true; fi
  kubectl_package=""
  for candidate in kubectl kubernetes-client; do
    if [[ "$(apt-cache policy "$candidate" 2>/dev/null | awk '/Candidate:/ {print $2}')" =~ ^[0-9] ]]; then
      kubectl_package=$candidate
      break
    fi
  done
  if [[ -n "$kubectl_package" ]]; then
    echo "e2e-setup: installing $kubectl_package (kubectl)"
    apt_install "$kubectl_package"
  else
    echo "e2e-setup: Debian offers no kubectl here; the Kustomize tests will fail until one is on PATH" >&2
  fi
fi
if command -v kubectl >/dev/null 2>&1 && ! kubectl kustomize "$here/../infra/k8s/overlays/production" >/dev/null 2>&1; then
  echo "e2e-setup: $(command -v kubectl) cannot render infra/k8s/overlays/production (its kustomize is older than v4?); the Kustomize tests will fail" >&2
fi

# The Kubernetes schema validator (kubernetes-models) used by the Deployment tests.
k8s="$here/k8s"
wanted=$(node -p "require('$k8s/package-lock.json').packages['node_modules/kubernetes-models'].version")
installed=$(node -p "try { require('$k8s/node_modules/kubernetes-models/package.json').version } catch { '' }")
if [[ "$installed" == "$wanted" && -d "$k8s/node_modules/yaml" ]]; then
  echo "e2e-setup: Kubernetes schema validator (kubernetes-models $installed) already installed in tests/k8s"
else
  echo "e2e-setup: npm ci in tests/k8s (kubernetes-models $wanted)"
  (cd "$k8s" && npm ci --no-audit --no-fund)
fi
echo "e2e-setup: done"
