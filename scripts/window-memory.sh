#!/usr/bin/env bash
# Usage: scripts/test-env.sh scripts/window-memory.sh [BINARY]
#
# Measures the window's resident memory under Xvfb, as docs/performance.md reports it:
# idle 10 s after start, then after ROUNDS (default 60) rounds of build, copy, paste and
# decode (Ctrl+L), History and back, typed with xdotool as a tester would. Screenshots go to
# $SHOTS (default: a temp dir, named on stdout).
set -euo pipefail
bin=${1:-bin/tokendesk}
rounds=${ROUNDS:-60}
shots=${SHOTS:-$(mktemp -d)}
export TOKENDESK_DIR
TOKENDESK_DIR=$(mktemp -d)
"$bin" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$TOKENDESK_DIR"' EXIT
for _ in $(seq 1 50); do
	xdotool search --onlyvisible --name '^TokenDesk$' >/dev/null 2>&1 && break
	sleep 0.2
done
wid=$(xdotool search --onlyvisible --name '^TokenDesk$' | head -1)
rss() { awk '/VmRSS/{print $2 " kB"}' "/proc/$pid/status"; }

sleep 10
echo "idle 10 s after start: $(rss)"
grep -E '^(Private_Dirty|Shared_Clean|Private_Clean)' "/proc/$pid/smaps_rollup"
import -window root "$shots/idle.png"

# Click into each field and type; the pauses let the form settle, as hints come and go.
type_at() { xdotool mousemove --window "$wid" "$1" "$2" click 1; xdotool type --window "$wid" --delay 5 "$3"; sleep 1; }
type_at 330 132 970CA35de60c44645bbae8a215061b33
type_at 330 171 5CFd2fd1755d40ecb72977518be15d3b
type_at 330 358 demo
type_at 450 397 4242
for _ in $(seq 1 "$rounds"); do
	xdotool key --window "$wid" ctrl+Return ctrl+shift+c ctrl+l ctrl+3 ctrl+1
	sleep 0.15
done
sleep 2
import -window root "$shots/after.png"
echo "after $rounds rounds: $(rss)"
sleep 20
echo "20 s later: $(rss)"
echo "screenshots in $shots"
