#!/bin/sh
# Installs the Debian packages the real tests need, only when one is missing (docs/development.md):
# xvfb for real windows, chromium for the console's browser tests, xcb libraries for Qt in the bundle;
# for the Windows installer (docs/windows.md): nsis, wine64 (x64 only), the MinGW compiler for the test-only
# Wine shims, osslsigncode for the Windows Python's signatures, x11-utils (xwininfo) to find its window.
set -u
PKGS="xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 chromium chromium-driver poppler-utils nsis
 wine wine64 gcc-mingw-w64-x86-64-win32 osslsigncode x11-utils"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: not a Debian system; missing:$missing (tests needing them will skip)" >&2; exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "installing Debian packages:$missing"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || echo "note: could not install:$missing (tests needing them will skip with a reason)" >&2
exit 0
