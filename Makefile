# TokenDesk. On a fresh Debian/Ubuntu machine `make run` installs what is
# needed (once; see .deps-stamp) and opens the app; `make test` runs the whole
# test suite (scripts/test.sh).

SHELL := /bin/bash
GO ?= go

# Tools installed into $(go env GOPATH)/bin, which is put on PATH here.
GOBIN_DIR := $(shell $(GO) env GOPATH 2>/dev/null)/bin
export PATH := $(GOBIN_DIR):$(PATH)

# staticcheck 2026.2.2 (module v0.8.2), the newest release; it supports Go 1.26.
STATICCHECK_VERSION ?= v0.8.2
FYNE_TOOLS_VERSION ?= v1.7.4

# Debian packages: a C compiler and the X11/OpenGL headers for Fyne's GLFW
# driver, Mesa's software GL, and what the tests use (Xvfb, D-Bus,
# gnome-keyring for the Secret Service, xclip, xdotool, ImageMagick's import).
APT_PACKAGES := gcc libc6-dev libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dri \
	xvfb xauth dbus gnome-keyring xclip xdotool imagemagick locales \
	fonts-wqy-microhei

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Every go command run from here builds with the project's build tags
# (scripts/build-tags; the scripts read the same file: see scripts/build-lib.sh), after the
# user's own GOFLAGS: from the command line or environment, else from `go env -w`.
GO_TAGS := $(shell cat scripts/build-tags)
override GOFLAGS := $(strip $(or $(GOFLAGS),$(shell $(GO) env GOFLAGS)) -tags=$(GO_TAGS))
export GOFLAGS

# Arguments for `make run`, e.g. make run ARGS='decode 007eJxT...'
ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help deps build run test bench screenshots package fmt lint clean \
	windows windows-check package-windows release

help:
	@echo "make run          install what is needed (first time only), then start TokenDesk"
	@echo "                  (ARGS='decode TOKEN' runs the command line instead)"
	@echo "make build        build bin/tokendesk"
	@echo "make test         the whole test suite (scripts/test.sh)"
	@echo "make bench        benchmarks of ./token and ./store"
	@echo "make lint         gofmt check, go vet, staticcheck"
	@echo "make fmt          gofmt the Go files"
	@echo "make screenshots  regenerate the UI screenshots"
	@echo "make package      a Linux release package (fyne package)"
	@echo "make windows      build bin/windows/tokendesk.exe, the Windows console build"
	@echo "                  (installs the mingw-w64 cross-compiler the first time)"
	@echo "make package-windows  bin/TokenDesk.exe and bin/TokenDesk-windows-amd64.zip"
	@echo "make windows-check    the Windows build's tests, CLI and window under Wine"
	@echo "                  (installs Wine the first time)"
	@echo "make release      Linux and Windows packages and SHA256SUMS in bin/release"
	@echo "make deps         (re)install system packages, Go modules and staticcheck"
	@echo "make clean        remove build output"

# `make deps` always (re)installs; targets that need the system packages
# depend on .deps-stamp instead, which runs the install only once.
deps:
	@if command -v apt-get >/dev/null 2>&1; then \
		set -ex; \
		$(SUDO) apt-get update; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(APT_PACKAGES); \
		if ! locale -a 2>/dev/null | grep -qix 'en_US\.utf-\?8'; then \
			$(SUDO) sed -i 's/^# *\(en_US\.UTF-8 UTF-8\)/\1/' /etc/locale.gen && \
			$(SUDO) locale-gen || echo "warning: could not generate en_US.UTF-8"; \
		fi; \
	else \
		echo "No apt-get here: install the equivalents of these yourself:"; \
		echo "  $(APT_PACKAGES)"; \
	fi
	$(GO) mod download
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@touch .deps-stamp

.deps-stamp:
	$(MAKE) deps

build: .deps-stamp
	$(GO) build -o bin/tokendesk .

run: .deps-stamp
	$(GO) run . $(ARGS)

test: .deps-stamp
	scripts/test.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./token/ ./store/

screenshots: .deps-stamp
	$(GO) run ./ui/cmd/screenshots

# bin/TokenDesk.tar.xz, built by `fyne package` from FyneApp.toml (see
# scripts/package.sh and docs/packaging.md).
package: .deps-stamp
	GO='$(GO)' FYNE_TOOLS_VERSION='$(FYNE_TOOLS_VERSION)' scripts/package.sh

# Windows, cross-compiled with mingw-w64 (see scripts/windows-build.sh and
# docs/packaging.md); APP_VERSION overrides the Version of FyneApp.toml.
windows: .deps-stamp
	GO='$(GO)' scripts/windows-build.sh console bin/windows/tokendesk.exe

package-windows: .deps-stamp
	GO='$(GO)' scripts/package-windows.sh

windows-check: .deps-stamp
	GO='$(GO)' scripts/windows-check.sh

release: .deps-stamp
	GO='$(GO)' FYNE_TOOLS_VERSION='$(FYNE_TOOLS_VERSION)' scripts/release.sh

fmt:
	find . -path ./.git -prune -o -path ./bin -prune -o -name testdata -prune -o \
		-name '*.go' -type f -print0 | xargs -0 -r gofmt -w

lint: .deps-stamp
	@out=$$(find . -path ./.git -prune -o -path ./bin -prune -o -name testdata -prune -o \
		-name '*.go' -type f -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$out" ]; then echo "gofmt would reformat (run 'make fmt'):"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	staticcheck ./...

clean:
	rm -rf bin ui/testdata/failed
	rm -f *.test *.out *.prof *.pprof
