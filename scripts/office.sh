#!/usr/bin/env bash
# Install what the work summary needs from Debian's packages, unless it is already there:
#   - a CJK font (fonts-noto-cjk), for the Chinese labels of its charts;
#   - LibreOffice Writer without its desktop parts, for `weijian summary --pdf`.
# Safe to run again.   usage: bash scripts/office.sh
set -euo pipefail
packages=()
if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then
  packages+=(fonts-noto-cjk)
fi
if ! dpkg -s libreoffice-writer >/dev/null 2>&1 && ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; then
  packages+=(libreoffice-writer-nogui)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
echo "installing ${packages[*]} from Debian's packages..." >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
