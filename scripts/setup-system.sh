#!/usr/bin/env bash
# Install the Debian packages lessonpack needs when they are missing.
#   build: Pango for WeasyPrint, HarfBuzz's subsetter (WeasyPrint's fast font embedding).
#   test:  the above plus poppler-utils (pdftoppm), LibreOffice Impress (deck -> PDF checks)
#          and Chromium (the web lesson and the preview server, driven by Playwright).
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
if [ "${1:-build}" = "test" ]; then
  want+=(poppler-utils libreoffice-impress fonts-crosextra-carlito chromium)
  command -v npm >/dev/null || want+=(npm)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "lessonpack: please install these system packages: ${missing[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "lessonpack: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
