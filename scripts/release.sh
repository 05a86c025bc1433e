#!/usr/bin/env bash
# Builds the release files into bin/release (make release):
#   TokenDesk-<version>-linux-<arch>.tar.xz   make package (scripts/package.sh)
#   TokenDesk-<version>-windows-amd64.zip     make package-windows (scripts/package-windows.sh)
#   SHA256SUMS                                their SHA-256 sums, for sha256sum -c
# Environment: APP_VERSION (default: Version in FyneApp.toml), GO, FYNE_TOOLS_VERSION.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh
APP_VERSION=$(app_version)
export APP_VERSION

release=bin/release
rm -rf "$release"
mkdir -p "$release"
scripts/package.sh
scripts/package-windows.sh
cp bin/TokenDesk.tar.xz "$release/TokenDesk-$APP_VERSION-linux-$("$GO" env GOARCH).tar.xz"
cp bin/TokenDesk-windows-amd64.zip "$release/TokenDesk-$APP_VERSION-windows-amd64.zip"
(cd "$release" && sha256sum TokenDesk-* >SHA256SUMS)
echo "Wrote $release:"
ls -l "$release"
cat "$release/SHA256SUMS"
