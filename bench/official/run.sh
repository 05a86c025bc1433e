#!/usr/bin/env bash
# Compares TokenDesk's token builder with Agora's official builders on one RTC publisher token.
# Usage: bash bench/official/run.sh   (from anywhere; needs go and node/npm, and the Go module
# proxy and npm registry the first time, to fetch go-tokenbuilder and the two npm packages)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
count="${COUNT:-5}"

section() { printf '\n===== %s =====\n' "$*"; }

section "machine"
date -u '+%Y-%m-%dT%H:%M:%SZ'
lscpu | grep -i '^model name' || true
echo "nproc: $(nproc)"
uptime || true
go version
echo "node $(node --version), npm $(npm --version)"

section "Go: official go-tokenbuilder 006 vs TokenDesk (bench/official)"
cd "$here"
go test -count=1 -run . . # the two builders agree before they are timed
go test -run '^$' -bench . -benchmem -count "$count"

section "Go: TokenDesk's own benchmarks (./token/)"
cd "$here/../.." && go test -run '^$' -bench . -benchmem -count "$count" ./token/

section "Node: official agora-token 007 and agora-access-token 006"
cd "$here/node"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
node bench.js
