#!/usr/bin/env bash
# Usage: scripts/windows-build.sh console|window OUTPUT
#
# Builds TokenDesk for 64-bit Windows with the mingw-w64 cross-compiler
# (installed with apt-get the first time):
#   console  a console program (make windows: bin/windows/tokendesk.exe); run
#            in cmd.exe or PowerShell it is the command line, and with no
#            arguments it opens the window behind a console
#   window   a GUI-subsystem program (make package-windows: bin/TokenDesk.exe);
#            double-clicked it opens only the window, and run with arguments
#            from a console it attaches to that console (console_windows.go)
# Both carry the icon, an application manifest and version information
# (scripts/windows/tokendesk.rc, compiled by windres into a .syso that go
# build links in), and `tokendesk version` prints v<Version of FyneApp.toml>,
# or v$APP_VERSION.
#
# It does not use `fyne package`: fyne.io/tools v1.7.4 builds the Windows exe
# twice and its second build drops -ldflags from GOFLAGS, so the version is
# lost. This script builds the same thing in one go build: -H windowsgui,
# -tags release and -trimpath, as `fyne package --release` does.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh

if [[ $# -ne 2 || ( $1 != console && $1 != window ) ]]; then
	echo "usage: $0 console|window OUTPUT" >&2
	exit 2
fi
kind=$1 out=$2
version=$(app_version)
ensure_mingw

# Windows wants four numbers: 1.2.3 -> 1,2,3,0 (a -rc1 or +meta suffix is dropped there).
IFS=. read -r major minor patch _ <<<"${version%%[-+]*}.0.0.0"
numbers="${major:-0},${minor:-0},${patch:-0},0"
exe_name=$(basename "$out")

work=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-winres.XXXXXX")
# The resources go into the main package as a .syso for the length of the build
# (only GOOS=windows builds read it; .gitignore keeps it out of git).
syso=$PWD/tokendesk_windows_amd64.syso
trap 'rm -rf "$work" "$syso"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$work/tokendesk.ico"
sed "s/@VERSION4@/${numbers//,/.}/" scripts/windows/tokendesk.exe.manifest >"$work/tokendesk.exe.manifest"
sed -e "s/@VERSIONCOMMA@/$numbers/" -e "s/@VERSION@/$version/" -e "s/@EXENAME@/$exe_name/" \
	scripts/windows/tokendesk.rc >"$work/tokendesk.rc"
(cd "$work" && "$MINGW_WINDRES" -O coff -i tokendesk.rc -o tokendesk.syso)
cp "$work/tokendesk.syso" "$syso"

ldflags="-s -w $(version_ldflag "$version")"
[[ $kind == window ]] && ldflags+=" -H=windowsgui"

mkdir -p "$(dirname "$out")"
echo "building $out ($kind, v$version) for windows/amd64"
go_windows build "${WINDOWS_BUILD_FLAGS[@]}" -ldflags="$ldflags" -o "$out" .
