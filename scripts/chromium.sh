#!/usr/bin/env bash
# Install Debian's chromium (and CJK fonts, so Chinese pages render) for the browser tests,
# unless /usr/bin/chromium is already there. Safe to run again.
#   usage: bash scripts/chromium.sh
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "installing chromium from Debian's packages..." >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq chromium fonts-noto-cjk >&2
