#!/usr/bin/env bash
# Makes sure Debian's Chromium (and a CJK font, so 简体中文 renders) is installed for the
# Playwright tests. Installs with apt when running as root; otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'noto sans cjk' || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} with apt-get" >&2
  exec 9>/tmp/apt.lock; flock 9
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "error: the end-to-end tests need Debian's Chromium at /usr/bin/chromium and fonts-noto-cjk." >&2
  echo "install them with: sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
