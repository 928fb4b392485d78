#!/usr/bin/env bash
# Builds the real-guest image into the cache ($EDGEVIRT_GUEST_CACHE or lab/guest-image/cache):
#   vmlinuz         /boot/vmlinuz-* of Debian's cloud kernel, taken from its .deb with
#                   `apt-get download` + `dpkg-deb` (the package is never installed)
#   modules/        the virtio NIC drivers (virtio_net and what it depends on) from the same .deb:
#                   the cloud kernel builds them as modules, and without them the guest has no NIC
#   initrd.cpio.gz  busybox-static, the modules and the files under rootfs/, packed with busybox cpio
#   image.json      what was built from what
# Reruns are cheap: the kernel is kept once extracted, the initramfs is rebuilt only when rootfs/
# or busybox changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${EDGEVIRT_GUEST_CACHE:-$here/cache}"
mkdir -p "$cache"
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "error: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }

ensure_apt_lists() {
  if ! apt-cache show linux-image-cloud-amd64 >/dev/null 2>&1; then
    ( flock 9; apt-get update -qq ) 9>/tmp/apt.lock
  fi
}

kernel_pkg() {
  # The meta package depends on the current versioned kernel package.
  apt-cache depends linux-image-cloud-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# In load order: each module's depends= line (readable with `strings`) names the ones before it.
NIC_MODULES="net/core/failover drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci drivers/net/net_failover drivers/net/virtio_net"

build_kernel() {
  [ -s "$cache/vmlinuz" ] && [ -s "$cache/kernel-package" ] && [ -s "$cache/modules/virtio_net.ko" ] && return 0
  ensure_apt_lists
  local pkg; pkg="$(kernel_pkg)"
  [ -n "$pkg" ] || { echo "error: no linux-image-*-cloud-amd64 package found by apt" >&2; exit 1; }
  local tmp; tmp="$(mktemp -d)"; chmod 755 "$tmp"
  ( cd "$tmp" && apt-get download -qq "$pkg" )
  mkdir -p "$tmp/x"
  local patterns=('./boot/vmlinuz-*') m
  for m in $NIC_MODULES; do patterns+=("./lib/modules/*/kernel/$m.ko"); done
  dpkg-deb --fsys-tarfile "$tmp"/"$pkg"_*.deb | tar -x -C "$tmp/x" --wildcards "${patterns[@]}"
  rm -rf "$cache/modules" && mkdir -p "$cache/modules"
  for m in $NIC_MODULES; do cp "$tmp"/x/lib/modules/*/kernel/"$m".ko "$cache/modules/"; done
  ( cd "$cache/modules" && for m in $NIC_MODULES; do basename "$m"; done > load-order )
  cp "$tmp"/x/boot/vmlinuz-* "$cache/vmlinuz.new" && mv "$cache/vmlinuz.new" "$cache/vmlinuz"
  dpkg-deb --show --showformat='${Package} ${Version}' "$tmp"/"$pkg"_*.deb > "$cache/kernel-package"
  rm -rf "$tmp"
}

build_initrd() {
  local stamp
  stamp="$( (cd "$here/rootfs" && find . -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum "$busybox" "$cache"/modules/*) | sha256sum | cut -c1-16)"
  [ -s "$cache/initrd.cpio.gz" ] && [ "$(cat "$cache/initrd.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  local root; root="$(mktemp -d)"
  mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,usr/bin,usr/sbin}
  cp "$busybox" "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  ln -s ../bin/busybox "$root/sbin/init"
  cp -a "$here/rootfs/." "$root/"
  mkdir -p "$root/lib/modules" && cp "$cache"/modules/* "$root/lib/modules/"
  # The guest reports the OS it was built from.
  [ -f /etc/os-release ] && cp /etc/os-release "$root/etc/os-release"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  ( cd "$root" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -9 ) > "$cache/initrd.cpio.gz.new"
  mv "$cache/initrd.cpio.gz.new" "$cache/initrd.cpio.gz"
  echo "$stamp" > "$cache/initrd.stamp"
  rm -rf "$root"
}

build_kernel
build_initrd
read -r kpkg kver < "$cache/kernel-package" || true
printf '{"kernelPackage":"%s","kernelVersion":"%s","kernelBytes":%d,"initrdBytes":%d,"busybox":"%s"}\n' \
  "$kpkg" "$kver" "$(stat -c %s "$cache/vmlinuz")" "$(stat -c %s "$cache/initrd.cpio.gz")" \
  "$("$busybox" 2>&1 | head -1 | cut -d' ' -f2)" > "$cache/image.json"
echo "guest image ready in $cache: $(cat "$cache/image.json")" >&2
