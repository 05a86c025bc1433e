#!/usr/bin/env bash
# Usage: scripts/test-env.sh CMD [ARGS...]
#
# Runs CMD inside a throwaway desktop session and exits with CMD's status:
#   - a private D-Bus session bus (no service activation, so nothing else
#     on the machine is started behind our back),
#   - an unlocked throwaway gnome-keyring (Secret Service) on that bus,
#   - an Xvfb X server on a free display (:99, else the next free one).
# Exported for CMD: DBUS_SESSION_BUS_ADDRESS, DISPLAY, XDG_RUNTIME_DIR (0700),
# XDG_DATA_HOME, XDG_CONFIG_HOME, TOKENDESK_REAL_KEYRING=1, LANG,
# TOKENDESK_TEST_ENV_DIR (the temp dir, removed afterwards),
# TOKENDESK_TEST_KEYRING_PID (the gnome-keyring-daemon, for tests that hang it
# with SIGSTOP; such a test runs its own scripts/test-env.sh, so as not to hang
# the keyring other tests use).
# Everything it starts is stopped by pid, and the temp dir is removed, however
# CMD ends.
set -euo pipefail

if [[ $# -lt 1 ]]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi

for tool in dbus-daemon dbus-send gnome-keyring-daemon Xvfb; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test-env: $tool not found; run 'make deps' first" >&2
		exit 2
	fi
done

env_dir=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-env.XXXXXX")
pids=() # started processes, stopped in reverse order

log() { echo "test-env: $*" >&2; }

stop_pid() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "pid $pid did not stop on SIGTERM; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true # reap our own children
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	local status=$? i
	trap - EXIT INT TERM HUP
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		stop_pid "${pids[i]}"
	done
	rm -rf "$env_dir"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# --- environment ------------------------------------------------------------
# Keep the Go configuration (GOFLAGS, GOTOOLCHAIN from `go env -w`) even though
# XDG_CONFIG_HOME moves below. HOME and GOCACHE are left alone on purpose.
if command -v go >/dev/null 2>&1; then
	GOENV=$(go env GOENV)
	export GOENV
fi

mkdir -m 0700 "$env_dir/run" "$env_dir/data" "$env_dir/config"
export XDG_RUNTIME_DIR="$env_dir/run"
export XDG_DATA_HOME="$env_dir/data"
export XDG_CONFIG_HOME="$env_dir/config"
export TOKENDESK_TEST_ENV_DIR="$env_dir"
export TOKENDESK_REAL_KEYRING=1
unset WAYLAND_DISPLAY SSH_AUTH_SOCK GNOME_KEYRING_CONTROL DBUS_SESSION_BUS_PID

if locale -a 2>/dev/null | grep -qix 'en_US\.utf-\?8'; then
	export LANG=en_US.UTF-8
else
	export LANG=C.UTF-8 # en_US.UTF-8 is not generated on this machine
fi
unset LC_ALL

# --- D-Bus session bus ------------------------------------------------------
bus="$env_dir/bus"
cat >"$env_dir/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path=$bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$env_dir/dbus.conf" --nofork --nopidfile \
	--print-address=3 3>"$env_dir/bus.address" 2>"$env_dir/dbus.log" </dev/null &
pids+=($!)
for ((i = 0; i < 100; i++)); do
	[[ -s "$env_dir/bus.address" ]] && break
	kill -0 "${pids[-1]}" 2>/dev/null || break
	sleep 0.1
done
if [[ ! -s "$env_dir/bus.address" ]]; then
	log "dbus-daemon did not start:"; cat "$env_dir/dbus.log" >&2
	exit 1
fi
export DBUS_SESSION_BUS_ADDRESS="unix:path=$bus"

name_owner_pid() { # prints the pid owning a bus name, or fails
	dbus-send --session --print-reply=literal --reply-timeout=2000 \
		--dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.GetConnectionUnixProcessID "string:$1" 2>/dev/null |
		awk '{print $2}'
}

# --- gnome-keyring (Secret Service) ------------------------------------------
# --foreground keeps it our child, so we know its pid and can reap it.
printf 'tokendesk-test' >"$env_dir/keyring.pass"
gnome-keyring-daemon --foreground --unlock --components=secrets \
	<"$env_dir/keyring.pass" >"$env_dir/keyring.log" 2>&1 &
pids+=($!)
keyring_pid=${pids[-1]}
owner=""
for ((i = 0; i < 100; i++)); do
	owner=$(name_owner_pid org.freedesktop.secrets || true)
	[[ -n "$owner" ]] && break
	kill -0 "$keyring_pid" 2>/dev/null || break
	sleep 0.1
done
if [[ "$owner" != "$keyring_pid" ]]; then
	log "gnome-keyring-daemon (pid $keyring_pid) did not take org.freedesktop.secrets (owner: ${owner:-none}):"
	cat "$env_dir/keyring.log" >&2
	exit 1
fi

# --- Xvfb -------------------------------------------------------------------
display_num=""
for ((n = 99; n < 199; n++)); do
	[[ -e "/tmp/.X$n-lock" || -e "/tmp/.X11-unix/X$n" ]] && continue
	Xvfb ":$n" -screen 0 1280x1024x24 -nolisten tcp -noreset \
		>"$env_dir/xvfb.log" 2>&1 </dev/null &
	xpid=$!
	for ((i = 0; i < 100; i++)); do
		[[ -S "/tmp/.X11-unix/X$n" ]] && break
		kill -0 "$xpid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$xpid" 2>/dev/null && [[ -S "/tmp/.X11-unix/X$n" ]]; then
		pids+=("$xpid")
		display_num=$n
		break
	fi
	stop_pid "$xpid" # lost a race for this display; try the next one
done
if [[ -z "$display_num" ]]; then
	log "could not start Xvfb on any display from :99 to :198:"
	cat "$env_dir/xvfb.log" >&2
	exit 1
fi
export DISPLAY=":$display_num"

export TOKENDESK_TEST_KEYRING_PID=$keyring_pid

log "bus $DBUS_SESSION_BUS_ADDRESS, keyring pid $keyring_pid, Xvfb $DISPLAY, LANG=$LANG"

# --- the command ------------------------------------------------------------
# Run it in the background and wait, so that a signal to this script runs the
# cleanup (which stops the command too) at once instead of after the command
# ends. "<&0" keeps our stdin: a background command would get /dev/null.
set +e
"$@" <&0 &
cmd_pid=$!
pids+=("$cmd_pid")
wait "$cmd_pid"
status=$?
set -e
exit "$status"
