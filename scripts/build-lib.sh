# shellcheck shell=bash
# Sourced by the scripts that build, package and check TokenDesk (package.sh,
# release.sh, windows-build.sh, package-windows.sh, windows-check.sh): the version, the
# cross-compiler and Wine, each installed with apt-get the first time it is
# needed (as root, or through sudo).

# GO is the go command.
GO=${GO:-go}

# GO_TAGS are the build tags of every build and test of TokenDesk, from scripts/build-tags:
# one line, the tags separated by commas (the Makefile reads the same file). no_emoji leaves
# out Fyne's 4 MB colour emoji font, which Fyne otherwise parses again for each text style
# the window draws: 23 MB of the idle window's memory (docs/performance.md). They go into
# GOFLAGS for every go command here, after the user's own GOFLAGS (from the environment or
# `go env -w`), and into the -tags of the builds that give their own.
GO_TAGS=$(<"$(dirname "${BASH_SOURCE[0]}")/build-tags")
GOFLAGS=${GOFLAGS:-$("$GO" env GOFLAGS)}
case " $GOFLAGS " in
*" -tags=$GO_TAGS "*) export GOFLAGS ;;
*) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-tags=$GO_TAGS" ;;
esac

# app_version prints APP_VERSION, or else Version in FyneApp.toml.
app_version() {
	local v=${APP_VERSION:-}
	if [[ -z $v ]]; then
		v=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml)
		v=${v%%$'\n'*}
	fi
	if [[ -z $v ]]; then
		echo "no Version in FyneApp.toml and APP_VERSION is not set" >&2
		return 1
	fi
	printf '%s\n' "$v"
}

# version_ldflag prints the linker flag that stamps v<version> into `tokendesk version`.
version_ldflag() {
	printf -- '-X=github.com/tokendesk/tokendesk/cli.Version=v%s\n' "$1"
}

# apt_install PACKAGE...: installs the packages that are not installed yet.
apt_install() {
	local p missing=() sudo=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "no apt-get here: install the equivalents of these Debian packages: ${missing[*]}" >&2
		return 1
	fi
	[[ $(id -u) == 0 ]] || sudo=sudo
	echo "installing ${missing[*]} (first use only)"
	# The package lists may be stale: update them once if the install fails.
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" </dev/null ||
		{
			$sudo apt-get update </dev/null &&
				DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
		}
}

# The mingw-w64 C compiler (cgo: Fyne's OpenGL driver) and windres (resources).
MINGW_CC=x86_64-w64-mingw32-gcc
MINGW_WINDRES=x86_64-w64-mingw32-windres
ensure_mingw() {
	if ! command -v "$MINGW_CC" >/dev/null 2>&1 || ! command -v "$MINGW_WINDRES" >/dev/null 2>&1; then
		apt_install gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
	fi
}

# Wine 8.0 (Debian 12), 64-bit only, with its fonts; about 200 MB to download.
ensure_wine() {
	if ! command -v wine >/dev/null 2>&1 || [[ ! -e /usr/lib/wine/wine64 ]]; then
		apt_install wine wine64 libwine fonts-wine
	fi
}

# go_windows ARGS...: the go command, building for 64-bit Windows with cgo.
go_windows() {
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$MINGW_CC "$GO" "$@"
}

# The flags of every Windows build of TokenDesk, console or window: with the
# same compile flags the second build only links again. -tags release is
# what `fyne package --release` builds with; GO_TAGS are the project's own.
WINDOWS_BUILD_FLAGS=(-trimpath -tags "release,$GO_TAGS")
