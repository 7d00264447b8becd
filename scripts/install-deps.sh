#!/bin/sh
# Install the Debian packages tiendo needs to build, test and run.
# Idempotent: prints nothing and does nothing when every package is there.
# Runs 'apt-get update' once, only when something must be installed.
set -eu

# libclang-rt-14-dev: the sanitizer and libFuzzer runtimes, which clang
# only recommends (and --no-install-recommends leaves out). man-db: 'man'
# and groff, to check and read the manual page tiendo.1. libmicrohttpd-dev:
# the intake service; curl, chromium and python3-websockets: its tests (a
# real browser driven through the DevTools protocol).
pkgs="build-essential pkg-config clang libclang-rt-14-dev
libcsv-dev libpcre2-dev libhpdf-dev libjansson-dev libutf8proc-dev
libmicrohttpd-dev libcriterion-dev curl chromium python3-websockets
fonts-noto-core fonts-liberation2 fonts-dejavu-core tzdata
qpdf poppler-utils python3 python3-fonttools python3-jsonschema
man-db"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "tiendo: installing Debian packages:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "tiendo: missing packages:$missing; run as root or install them with apt-get" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
