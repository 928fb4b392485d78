#!/usr/bin/env bash
# Real QEMU guests for the lab: installs QEMU, busybox-static and socat from Debian when missing
# (never a kernel package: installing one upgrades systemd and builds an initramfs here), then
# builds the guest image (cloud kernel extracted from its .deb + busybox initramfs) into the cache.
# Idempotent: a second run with everything present only checks and exits.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v qemu-img >/dev/null || need+=(qemu-utils)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || need+=(busybox-static)
command -v socat >/dev/null || need+=(socat)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "error: real guests need: ${need[*]} (apt-get install --no-install-recommends ${need[*]})" >&2
    exit 1
  fi
  echo "setup-guests: installing ${need[*]}" >&2
  exec 9>/tmp/apt.lock; flock 9
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  flock -u 9
fi
exec bash lab/guest-image/build-image.sh
