#!/usr/bin/env bash
# Builds the Windows release package (make package-windows):
#   bin/TokenDesk.exe                  the app: double-clicked it opens the window;
#                                      run with arguments in cmd.exe or PowerShell it
#                                      is the tokendesk command line
#   bin/TokenDesk-windows-amd64.zip    TokenDesk/TokenDesk.exe and TokenDesk/README.md
# See scripts/windows-build.sh for how the exe is built and docs/packaging.md.
#
# Environment: APP_VERSION (default: Version in FyneApp.toml), OUT_DIR (default: bin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh
OUT_DIR=${OUT_DIR:-bin}

command -v zip >/dev/null 2>&1 || apt_install zip
scripts/windows-build.sh window "$OUT_DIR/TokenDesk.exe"

stage=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-package-windows.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/TokenDesk"
cp "$OUT_DIR/TokenDesk.exe" README.md "$stage/TokenDesk/"
zip_path=$(realpath "$OUT_DIR")/TokenDesk-windows-amd64.zip
rm -f "$zip_path"
(cd "$stage" && zip -q -r -X "$zip_path" TokenDesk)
echo "Wrote $OUT_DIR/TokenDesk.exe and $OUT_DIR/TokenDesk-windows-amd64.zip:"
unzip -l "$zip_path" 2>/dev/null || ls -l "$zip_path"
