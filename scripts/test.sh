#!/usr/bin/env bash
# TokenDesk's whole test suite: the one command to run (`make test` runs it,
# and so does CI through .ci/run).
#
#   1. gofmt -l must list nothing
#   2. go vet ./..., and GOOS=darwin go vet of ./token ./store ./cli
#   3. staticcheck ./...            (installed by `make deps`)
#   then inside scripts/test-env.sh (private D-Bus, real unlocked gnome-keyring,
#   Xvfb):
#   4. go test -race on every package except the main one
#   5. go test on the main package (no -race: that would rebuild the GL binding)
#   6. without -race, the allocation budgets (tests using testing.AllocsPerRun)
#   7. a short fuzz run of each Fuzz target of every package (FUZZTIME, default 150000x)
#   8. the real window: bin/tokendesk under Xvfb must show a "TokenDesk"
#      window; its screenshot is kept in bin/ci-window.png
#
# Every step runs even when an earlier one failed; the script exits non-zero if
# any failed, and ends with the go test summary lines.
#
# Environment: FUZZTIME (default 150000x), WINDOW_TIMEOUT seconds (default 30).
# FUZZTIME is a count of executions, not a duration: with a duration, Go 1.26's fuzzing
# coordinator can fail a healthy run with "context deadline exceeded" as the time runs out
# (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
PATH="$(go env GOPATH)/bin:$PATH"
export PATH
: "${FUZZTIME:=150000x}" "${WINDOW_TIMEOUT:=30}"
export FUZZTIME WINDOW_TIMEOUT

# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh # GO_TAGS, in GOFLAGS: the tests build what ships
# shellcheck source=scripts/steps-lib.sh
source scripts/steps-lib.sh

# ---------------------------------------------------------------------------
# Steps run inside the test environment (scripts/test-env.sh).
# ---------------------------------------------------------------------------

main_pkg=$(go list -m)

step_race_tests() {
	local pkgs=() p
	while IFS= read -r p; do
		[[ "$p" == "$main_pkg" ]] || pkgs+=("$p")
	done < <(go list ./...)
	if ((${#pkgs[@]} == 0)); then
		echo "no packages besides the main one yet; skipping"
		return 0
	fi
	go test -race -count=1 -timeout 25m "${pkgs[@]}" 2>&1 | tee -a "$go_test_log"
}

step_main_tests() {
	go test -count=1 . 2>&1 | tee -a "$go_test_log"
}

# step_alloc_budgets runs, without -race (whose instrumentation allocates on its own), the
# tests of every package that checks an allocation budget with testing.AllocsPerRun.
step_alloc_budgets() {
	local pkgs=()
	mapfile -t pkgs < <(grep -rl --include='*_test.go' --exclude-dir=testdata --exclude-dir=.git 'testing.AllocsPerRun' . |
		xargs -r -n1 dirname | sort -u)
	if ((${#pkgs[@]} == 0)); then
		echo "no allocation budgets; skipping"
		return 0
	fi
	go test -count=1 -run 'Allocat' "${pkgs[@]}" 2>&1 | tee -a "$go_test_log"
}

# step_fuzz runs every Fuzz target of every package that has one (a test file with
# "func Fuzz..."), each for FUZZTIME.
step_fuzz() {
	local pkg t listing ran=0
	while IFS= read -r pkg; do
		listing=$(go test -list '^Fuzz' "$pkg")
		while IFS= read -r t; do
			[[ -n "$t" ]] || continue
			echo "--- fuzz $pkg $t, $FUZZTIME"
			go test -run '^$' -fuzz "^${t}\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1 |
				tee -a "$go_test_log"
			ran=$((ran + 1))
		done < <(grep -E '^Fuzz[A-Za-z0-9_]*$' <<<"$listing" || true)
	done < <(grep -rl --include='*_test.go' --exclude-dir=testdata --exclude-dir=.git '^func Fuzz' . |
		xargs -r -n1 dirname | sort -u)
	if ((ran == 0)); then
		echo "no fuzz targets in any package; skipping"
	fi
}

step_window() {
	local app_pid wid colors
	mkdir -p bin
	rm -f bin/ci-window.png bin/ci-window.log
	echo "building bin/tokendesk"
	go build -o bin/tokendesk .
	echo "starting it on $DISPLAY; waiting up to ${WINDOW_TIMEOUT}s for its window"
	bin/tokendesk >bin/ci-window.log 2>&1 </dev/null &
	app_pid=$!
	# shellcheck disable=SC2064 # expand app_pid now
	trap "kill $app_pid 2>/dev/null || true" EXIT
	wid=$(find_window "$app_pid" bin/ci-window.log "$WINDOW_TIMEOUT")
	sleep 2 # let it draw its first frames
	colors=$(screen_colours bin/ci-window.png)
	echo "screenshot of window $wid: bin/ci-window.png ($colors colours)"
	kill "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	trap - EXIT
	if ((colors < 2)); then
		echo "the screenshot is a single colour: the window drew nothing"
		return 1
	fi
}

if [[ "${1:-}" == --in-test-env ]]; then
	: "${failed_file:?}" "${go_test_log:?}"
	run_step "go test -race (all packages but main)" step_race_tests
	run_step "go test (main package)" step_main_tests
	run_step "allocation budgets (no -race)" step_alloc_budgets
	run_step "fuzz smoke (every package, $FUZZTIME each)" step_fuzz
	run_step "real window under Xvfb" step_window
	exit 0
fi

# ---------------------------------------------------------------------------
# Top level.
# ---------------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed_file=$work/failed
go_test_log=$work/go-test.log
: >"$failed_file"
: >"$go_test_log"
export failed_file go_test_log

step_gofmt() {
	local out
	out=$(find . -path ./.git -prune -o -path ./bin -prune -o -name testdata -prune -o \
		-name '*.go' -type f -print0 | xargs -0 -r gofmt -l)
	if [[ -n "$out" ]]; then
		echo "gofmt would reformat these files (run 'make fmt'):"
		echo "$out"
		return 1
	fi
	echo "all Go files are formatted"
}

step_vet() {
	go vet ./...
}

# The macOS build of the packages that need no cgo: the keychain (go-keyring's
# security(1) backend) and clipboard (pbcopy) code paths compile. The window
# needs cgo and Apple's SDK, which Debian does not have.
step_vet_darwin() {
	GOOS=darwin GOARCH=arm64 go vet ./token/ ./store/ ./cli/
}

step_staticcheck() {
	if ! command -v staticcheck >/dev/null 2>&1; then
		if [[ "${CI:-}" == true ]]; then
			echo "staticcheck is not installed (make deps installs it)"
			return 1
		fi
		echo "staticcheck is not installed; skipping (run 'make deps' to install it)"
		return 0
	fi
	staticcheck -version
	staticcheck ./...
}

echo "TokenDesk test suite: $(go version), module $main_pkg"
run_step "gofmt" step_gofmt
run_step "go vet" step_vet
run_step "go vet for macOS (GOOS=darwin: ./token ./store ./cli)" step_vet_darwin
run_step "staticcheck" step_staticcheck

in_test_env "D-Bus, gnome-keyring, Xvfb" "$repo/scripts/test.sh"
summary "summary"
