#!/usr/bin/env bash
# One command from a fresh Debian 12 machine with Python 3.11 to every brief in briefs/:
# system packages, a virtual environment with briefgen, then `briefgen build`.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# libharfbuzz-subset0: WeasyPrint subsets fonts twice as fast with it.
# fonts-lato: the briefs' typeface, embedded in every PDF; fonts-noto-cjk: Korean, Japanese and
# Chinese text (the font stack names Noto Sans CJK); fontconfig: fc-match and fc-query, which the glyph check asks.
# poppler-utils, qpdf, libreoffice-writer-nogui: the real clients the tests read the output with.
# chromium: the browser the test of `briefgen preview` looks at the page with.
# python3-uno: the tests edit Word drafts in LibreOffice itself, through its UNO bridge.
APT_PACKAGES="python3-venv libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-lato fonts-dejavu-core fonts-noto-cjk fontconfig poppler-utils qpdf libreoffice-writer-nogui chromium python3-uno"
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $APT_PACKAGES 2>/dev/null | grep -v "install ok installed" | cut -d' ' -f1 || true)
for p in $APT_PACKAGES; do dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "${missing// /}" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/briefgen build
