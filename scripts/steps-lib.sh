# shellcheck shell=bash
# Sourced by test.sh and windows-check.sh: steps that each run to the end and
# record a failure instead of stopping the script. The caller sets
# failed_file, a file that collects the names of the failed steps.

section() { printf '\n==== %s ====\n' "$*"; }

# run_step NAME CMD...: runs CMD with errexit on, records a failure and goes on.
# (A subshell run outside any `if` keeps set -e working inside it.)
run_step() {
	local name=$1 rc
	shift
	section "$name"
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	if ((rc != 0)); then
		echo "FAILED: $name (exit $rc)"
		echo "$name" >>"$failed_file"
	fi
	return 0
}

# find_window PID LOG TIMEOUT: waits up to TIMEOUT seconds for a window named
# TokenDesk on $DISPLAY and prints its id. Fails, showing LOG (the program's
# output), if PID exits first or no window appears.
find_window() {
	local pid=$1 log=$2 timeout=$3 wid="" deadline
	deadline=$((SECONDS + timeout))
	while ((SECONDS < deadline)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "the program exited before showing a window; its output:" >&2
			cat "$log" >&2
			return 1
		fi
		wid=$(xdotool search --name 'TokenDesk' 2>/dev/null | head -n 1 || true)
		[[ -n "$wid" ]] && break
		sleep 0.5
	done
	if [[ -z "$wid" ]]; then
		echo "no TokenDesk window on $DISPLAY within ${timeout}s; the program's output:" >&2
		cat "$log" >&2
		return 1
	fi
	echo "window $wid \"$(xdotool getwindowname "$wid")\" on $DISPLAY," \
		"geometry: $(xdotool getwindowgeometry "$wid" | sed -n 's/^ *Geometry: //p')" >&2
	printf '%s\n' "$wid"
}

# screen_colours PNG: takes a screenshot of the whole display into PNG and
# prints how many colours it has (1: nothing was drawn).
screen_colours() {
	import -window root "$1"
	identify -format '%k' "$1"
}

# in_test_env WHAT SCRIPT: runs `SCRIPT --in-test-env` inside scripts/test-env.sh
# (WHAT says what that starts) and records a failure of the environment itself.
in_test_env() {
	local rc
	section "starting the test environment ($1)"
	set +e
	scripts/test-env.sh "$2" --in-test-env
	rc=$?
	set -e
	if ((rc != 0)); then
		echo "test environment failed (exit $rc)" | tee -a "$failed_file"
	fi
}

# summary TITLE: lists the failed steps, then the go test summary lines of
# $go_test_log, last; fails if any step failed.
summary() {
	section "$1"
	if [[ -s "$failed_file" ]]; then
		echo "failed steps:"
		sed 's/^/  - /' "$failed_file"
	else
		echo "all steps passed"
	fi
	echo
	echo "go test results:"
	grep -E '^(ok|FAIL|\?|---)[[:space:]]|^FAIL$' "$go_test_log" || echo "(no go test output)"
	[[ ! -s "$failed_file" ]]
}
