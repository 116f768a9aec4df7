#!/usr/bin/env bash
# The image's HEALTHCHECK (installed as /usr/local/bin/rolebot-healthcheck): exit 0 when
# GET PATH on the server's own port answers 200, 1 otherwise. Needs only bash, since the runtime
# image has no curl or wget. warm-cache.sh waits with it too.
#
#   rolebot-healthcheck [PATH] [PORT]
#
# PATH: /readyz (the default: knowledge loaded, ready to answer) or /healthz (the process is up).
# PORT: the first of $ASPNETCORE_HTTP_PORTS (the image sets 8080), else 8080.
set -uo pipefail
path=${1:-/readyz}
port=${2:-${ASPNETCORE_HTTP_PORTS:-8080}}
port=${port%%[,;]*}
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
[[ $status =~ ^HTTP/1\.[01]\ 200[[:space:]] ]]
