#!/usr/bin/env bash
# Builds the Linux release package bin/TokenDesk.tar.xz with `fyne package`
# (fyne.io/tools). Run it through `make package`; see docs/packaging.md.
#
# fyne package works inside the source directory: it deletes any
# ./tokendesk there, builds the binary and stages the package there, writes a
# Go file there for the length of the build, and afterwards rewrites
# FyneApp.toml to bump Build. So that none of this touches the working tree,
# it runs on a copy of the sources.
#
# Environment:
#   GO                  the go command (default: go)
#   FYNE_TOOLS_VERSION  fyne.io/tools version (default: v1.7.4)
#   OUT_DIR             where the tarball goes (default: bin)
#   APP_VERSION         version stamped into the binary (default: Version in
#                       FyneApp.toml); `tokendesk version` prints it with a v
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-go}
FYNE_TOOLS_VERSION=${FYNE_TOOLS_VERSION:-v1.7.4}
OUT_DIR=${OUT_DIR:-bin}

tarball=TokenDesk.tar.xz # fyne names it after Name in FyneApp.toml

# shellcheck source=scripts/build-lib.sh
source scripts/build-lib.sh # for app_version and version_ldflag
APP_VERSION=$(app_version)

# The fyne command, installed into bin/tools the first time and again only
# when FYNE_TOOLS_VERSION changes.
tools_dir=$root/bin/tools
fyne=$tools_dir/fyne
installed=$("$fyne" version 2>/dev/null || true)
if [[ $installed != *"cli version: $FYNE_TOOLS_VERSION"* ]]; then
	echo "Installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION into bin/tools"
	GOBIN=$tools_dir "$GO" install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/tokendesk-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
src=$stage/tokendesk

# Copy the sources: in a git checkout, the files git tracks or would track
# (so .gitignore'd build output stays behind); otherwise everything but bin/.
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -xf - -C "$src"
else
	tar --exclude=./.git --exclude=./bin -cf - . | tar -xf - -C "$src"
fi

# fyne package passes -ldflags found in GOFLAGS on to go build, after its
# own release flags (-trimpath, -ldflags "-s -w", -tags release); its own -tags
# replace those of GOFLAGS, so the project's tags are given to it again.
ldflag="-ldflags=$(version_ldflag "$APP_VERSION")"

echo "Packaging TokenDesk $APP_VERSION for linux with fyne $FYNE_TOOLS_VERSION"
(
	cd "$src"
	GOFLAGS="${GOFLAGS:+$GOFLAGS }$ldflag" "$fyne" package --os linux --release --tags "$GO_TAGS" --app-version "$APP_VERSION"
)

mkdir -p "$OUT_DIR"
mv -f "$src/$tarball" "$OUT_DIR/$tarball"
echo "Wrote $OUT_DIR/$tarball:"
tar -tJvf "$OUT_DIR/$tarball"
