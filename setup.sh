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
APT_PACKAGES="python3-venv libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-lato fonts-dejavu-core fonts-noto-cjk fontconfig poppler-utils qpdf chromium"
# LibreOffice from Debian's own bookworm-backports (25.2): Debian 12's 7.4 lays a Word draft's
# endnotes out on pages without its header, footer and marking (tdf#160984, fixed in 24.8), so it
# shows the business and press drafts as no reader of them in Word sees them. Backports is
# NotAutomatic: only the packages named here come from it.
LIBREOFFICE_PACKAGES="libreoffice-writer-nogui python3-uno"
BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.sources
# the packages of $* not installed (one removed but not purged still has a status line)
not_installed() {
  dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | grep -v "install ok installed" | cut -d' ' -f1 || true
  for p in "$@"; do dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done
}
missing=$(not_installed $APT_PACKAGES | tr '\n' ' ')
libreoffice=$(dpkg-query -W -f='${Version}' libreoffice-writer-nogui 2>/dev/null || true)
old_libreoffice=""
if [ -n "$(not_installed $LIBREOFFICE_PACKAGES)" ] || dpkg --compare-versions "${libreoffice:-0}" lt "4:24.8"; then
  old_libreoffice=yes
fi
if [ -n "${missing// /}" ] || [ -n "$old_libreoffice" ]; then
  if [ -n "$old_libreoffice" ] && ! grep -rqsE "^[^#]*bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | $SUDO tee "$BACKPORTS" >/dev/null
  fi
  $SUDO apt-get update -qq
  if [ -n "${missing// /}" ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
  if [ -n "$old_libreoffice" ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      -t bookworm-backports $LIBREOFFICE_PACKAGES
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
# Compiled as a regular pip install compiles a package (an editable one is not): every build,
# its fork server and the tests' processes import briefgen, and where PYTHONDONTWRITEBYTECODE
# is set (CI images, containers) each compiled its modules again, about 60 ms a process.
.venv/bin/python -m compileall -q briefgen > /dev/null
.venv/bin/briefgen build
