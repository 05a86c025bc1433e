#!/usr/bin/env bash
# Usage: scripts/serve-figures.sh [PORT]
#
# Takes the token server's figures of docs/performance.md: builds tokendesk (with the
# project's build tags) and serveload into a temp dir, starts `tokendesk serve` on
# 127.0.0.1:PORT (default 18090) with the sample App ID and certificate, then runs serveload
# five times at 10,000 requests a second from 32 clients, twice as fast as they can, and once
# for 1,000,000 requests. Measure on an idle machine: the load tool and the server share its
# cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh # GO, and GO_TAGS in GOFLAGS
port=${1:-18090}
dir=$(mktemp -d)
pid=
stop() {
	if [[ -n $pid ]]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap stop EXIT
"$GO" build -o "$dir/tokendesk" .
"$GO" build -o "$dir/serveload" ./bench/serveload
echo "$(date -u '+%F %H:%M UTC'), $(git rev-parse --short HEAD),$(uptime | sed 's/.*load/ load/')"
AGORA_APP_CERTIFICATE=5CFd2fd1755d40ecb72977518be15d3b "$dir/tokendesk" serve \
	--app-id 970CA35de60c44645bbae8a215061b33 --no-save --listen "127.0.0.1:$port" >/dev/null 2>"$dir/serve.log" &
pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 1 50); do
	kill -0 "$pid" 2>/dev/null || break
	curl -fsS "$url/ping" >/dev/null 2>&1 && break
	sleep 0.1
done
if ! kill -0 "$pid" 2>/dev/null || ! curl -fsS "$url/ping" >/dev/null 2>&1; then
	echo "serve-figures: tokendesk serve did not start on port $port:" >&2
	cat "$dir/serve.log" >&2
	exit 1
fi
for _ in 1 2 3 4 5; do "$dir/serveload" -url "$url" -c 32 -n 100000 -rate 10000 -pid "$pid"; done
for _ in 1 2; do "$dir/serveload" -url "$url" -c 32 -n 100000 -pid "$pid"; done
"$dir/serveload" -url "$url" -c 32 -n 1000000 -pid "$pid"
