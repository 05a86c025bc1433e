#!/usr/bin/env bash
# TokenDesk on Windows, checked under Wine (make windows-check; .ci/run runs it
# after the Linux suite).
#
#   1. builds bin/windows/tokendesk.exe (console) and bin/TokenDesk.exe with its
#      zip (make package-windows)
#   then inside scripts/test-env.sh (Xvfb), in a throwaway Wine prefix:
#   2. go test of ./token ./cli ./store ./ui, the test binaries run by Wine
#   3. the command line: build, decode --verify, cert set and list (into Wine's
#      Credential Manager), build with the certificate from there, history
#   4. the window: TokenDesk.exe under Xvfb must show a TokenDesk window that
#      draws (screenshot: bin/windows/window.png) and, while it is open, the
#      command line saves to and lists the history the window has open;
#      `TokenDesk.exe version` prints the version
#
# The first run installs the mingw-w64 cross-compiler and Wine with apt-get
# (about 200 MB to download, as root or through sudo). Every step runs even
# when an earlier one failed; the script exits non-zero if any failed, and
# ends with the go test summary lines. Everything it starts is stopped by pid,
# and the Wine prefix's wineserver with `wineserver -k`.
#
# Under Wine 8.0 (Debian 12) two things need help, for this check only:
#   - Go (1.22 and later) programs load ProcessPrng from bcryptprimitives.dll,
#     which Wine 8.0 lacks: a stand-in built from
#     scripts/windows/bcryptprimitives.c goes into the prefix's system32.
#   - Go 1.26's os.RemoveAll (t.TempDir's clean-up) fails with "Invalid
#     function" because Wine answers STATUS_NOT_IMPLEMENTED where Go expects
#     STATUS_NOT_SUPPORTED before it falls back to the older way to delete.
#     The test binaries are built with an -overlay that adds that status to the
#     fallback's list. The exe files are built without it.
# Every Wine call runs with DISPLAY set: one without it leaves the wineserver
# unable to create windows until it restarts.
#
# Environment: WINDOW_TIMEOUT seconds (default 90: Wine is slower to start).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
PATH="$(go env GOPATH)/bin:$PATH"
export PATH
# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh
# shellcheck source=scripts/steps-lib.sh
source scripts/steps-lib.sh
: "${WINDOW_TIMEOUT:=90}"
export WINDOW_TIMEOUT

console_exe=$repo/bin/windows/tokendesk.exe
gui_exe=$repo/bin/TokenDesk.exe

# ---------------------------------------------------------------------------
# Inside the test environment (scripts/test-env.sh): DISPLAY is Xvfb's.
# ---------------------------------------------------------------------------

setup_prefix() {
	local started=$SECONDS system32 fonts
	echo "creating the Wine prefix $WINEPREFIX"
	wineboot -i >"$work/wineboot.log" 2>&1
	wineserver -w # wineboot returns before the prefix is written out
	system32=$WINEPREFIX/drive_c/windows/system32
	if [[ ! -d $system32 ]]; then
		echo "wineboot made no prefix:"
		cat "$work/wineboot.log"
		return 1
	fi
	"$MINGW_CC" -shared -O2 -o "$system32/bcryptprimitives.dll" \
		scripts/windows/bcryptprimitives.c scripts/windows/bcryptprimitives.def -lbcrypt
	# Wine's own fonts have no Chinese: the window's Chinese text falls back to this one.
	fonts=$WINEPREFIX/drive_c/windows/Fonts
	mkdir -p "$fonts"
	if [[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]]; then
		cp /usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$fonts/"
	fi
	echo "prefix ready in $((SECONDS - started))s ($(wine --version))"
}

# The -overlay for the test binaries: Go's own internal/syscall/windows/at_windows.go
# with STATUS_NOT_IMPLEMENTED (0xC0000002) added to the statuses that fall back.
write_overlay() {
	local src patched
	src=$(go env GOROOT)/src/internal/syscall/windows/at_windows.go
	patched=$work/at_windows.go
	sed 's/^\(\t*\)STATUS_NOT_SUPPORTED: /\1STATUS_NOT_SUPPORTED, NTStatus(0xC0000002): /' "$src" >"$patched"
	if cmp -s "$src" "$patched"; then
		echo "the overlay no longer applies to $src: look at Deleteat's fallback there" >&2
		return 1
	fi
	printf '{"Replace": {"%s": "%s"}}\n' "$src" "$patched" >"$work/overlay.json"
}

step_go_test() {
	write_overlay
	# Test binaries run in their package's directory, as go test runs them anywhere.
	go_windows test -count=1 -timeout=20m -overlay="$work/overlay.json" -exec=wine \
		./token/ ./cli/ ./store/ ./ui/ 2>&1 | tee -a "$go_test_log"
}

# The well-known sample App ID and certificate, from the token test vectors.
sample() { sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" token/testdata/v007.json | head -n 1; }

# td ARGS...: the console exe; its output without the CRs of Windows line ends.
td() { wine "$console_exe" "$@" | tr -d '\r'; }

# The command line round trip: RUN is a label for what else is going on.
cli_round_trip() {
	local run=$1 app cert token out
	app=$(sample app_id)
	cert=$(sample app_certificate)
	token=$(AGORA_APP_CERTIFICATE=$cert td build --app-id "$app" --channel "win-$run" --uid 42 --save)
	[[ $token == 007* ]] || { echo "build printed no token: $token"; return 1; }
	echo "build ($run): ${token:0:20}..."
	AGORA_APP_CERTIFICATE=$cert td decode --verify "$token" >"$work/decode.txt"
	grep -q "win-$run" "$work/decode.txt" || { echo "decode does not show the channel:"; cat "$work/decode.txt"; return 1; }
	echo "decode --verify ($run): the signature is valid"
	printf '%s\n' "$cert" | td cert set --app-id "$app" --label "Wine check"
	out=$(td cert list)
	grep -Eqi "^$app +Wine check +saved" <<<"$out" || { echo "cert list does not show $app's certificate saved:"; echo "$out"; return 1; }
	echo "cert set and list ($run): the certificate is in the Credential Manager"
	token=$(td build --app-id "$app" --channel "win-$run-keychain" --uid 7 --save)
	td decode --verify "$token" >/dev/null
	echo "build and decode --verify with the certificate from the Credential Manager ($run)"
	out=$(td history list --search "win-$run")
	for channel in "win-$run" "win-$run-keychain"; do
		grep -q -- "$channel" <<<"$out" || { echo "history list lacks $channel:"; echo "$out"; return 1; }
	done
	echo "history list ($run): both tokens are saved"
}

step_cli() {
	td version
	cli_round_trip alone
}

step_window() {
	local app_pid wid colors version
	version=$(app_version)
	out=$(wine "$gui_exe" version | tr -d '\r')
	echo "TokenDesk.exe version: $out"
	[[ $out == "tokendesk v$version "* ]] || { echo "want tokendesk v$version"; return 1; }

	echo "starting TokenDesk.exe on $DISPLAY; waiting up to ${WINDOW_TIMEOUT}s for its window"
	wine "$gui_exe" >"$work/window.log" 2>&1 </dev/null &
	app_pid=$!
	# shellcheck disable=SC2064 # expand app_pid now
	trap "kill $app_pid 2>/dev/null || true" EXIT
	wid=$(find_window "$app_pid" "$work/window.log" "$WINDOW_TIMEOUT")
	sleep 5 # let it draw its first frames
	colors=$(screen_colours bin/windows/window.png)
	echo "screenshot of window $wid: bin/windows/window.png ($colors colours)"
	if ((colors < 16)); then
		echo "the screenshot has $colors colours: the window drew nothing"
		return 1
	fi
	cli_round_trip window-open
	kill -0 "$app_pid" || { echo "the window closed while the command line ran:"; cat "$work/window.log"; return 1; }
	kill "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	trap - EXIT
}

if [[ ${1:-} == --in-test-env ]]; then
	: "${failed_file:?}" "${go_test_log:?}" "${DISPLAY:?}"
	work=$TOKENDESK_TEST_ENV_DIR/windows
	mkdir -p "$work"
	export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	# Stop this prefix's wineserver and every Windows program in it, however we end.
	trap 'wineserver -k 2>/dev/null || true' EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	run_step "Wine prefix" setup_prefix
	if [[ -s $failed_file ]]; then exit 0; fi
	run_step "go test under Wine (./token ./cli ./store ./ui)" step_go_test
	run_step "command line under Wine" step_cli
	run_step "the window under Wine, and the command line while it is open" step_window
	exit 0
fi

# ---------------------------------------------------------------------------
# Top level.
# ---------------------------------------------------------------------------

started=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-windows.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed_file=$work/failed
go_test_log=$work/go-test.log
: >"$failed_file"
: >"$go_test_log"
export failed_file go_test_log

echo "TokenDesk on Windows, under Wine: $(go version)"
step_install() {
	ensure_mingw
	ensure_wine
}
run_step "install the cross-compiler and Wine (first use only)" step_install
run_step "build bin/windows/tokendesk.exe" scripts/windows-build.sh console "$console_exe"
run_step "package bin/TokenDesk.exe" scripts/package-windows.sh

if [[ -s $failed_file ]]; then
	echo "not running the checks under Wine: the build failed"
else
	in_test_env "Xvfb" "$repo/scripts/windows-check.sh"
fi
summary "summary (Windows, $((SECONDS - started))s)"
