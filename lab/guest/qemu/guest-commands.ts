import type { GuestInfo } from '../types';

/** One agent command that prints what GuestInfo needs, one `key=value` per line. */
export const INFO_COMMAND =
  'echo "hostname=$(hostname)"; echo "release=$(uname -r)"; echo "version=$(uname -v)"; ' +
  'echo "uptime=$(cut -d" " -f1 /proc/uptime)"; sed -n "s/^\\(ID\\|NAME\\|VERSION_ID\\|PRETTY_NAME\\)=/os.\\1=/p" /etc/os-release';

function unquote(v: string): string {
  return v.replace(/^"(.*)"$/, '$1');
}

/** Parses the output of INFO_COMMAND. */
export function parseGuestInfo(output: string, fallbackHostname: string): GuestInfo {
  const kv = new Map<string, string>();
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), unquote(line.slice(eq + 1).trim()));
  }
  return {
    hostname: kv.get('hostname') || fallbackHostname,
    kernelRelease: kv.get('release') ?? '',
    kernelVersion: kv.get('version') ?? '',
    os: {
      name: kv.get('os.NAME') ?? 'Linux',
      id: kv.get('os.ID') ?? 'linux',
      version: kv.get('os.VERSION_ID') ?? '',
      prettyName: kv.get('os.PRETTY_NAME') ?? 'Linux',
    },
    uptimeSeconds: Number(kv.get('uptime') ?? 0),
  };
}

/** Checks a guest after a migration: the kernel logged no BUG, Oops, panic or corruption. */
export const DMESG_CHECK = "dmesg | grep -E 'BUG|Oops|panic|corrupt' || true";

const CHUNK = 64 * 1024;
const MAX_WORKING_SET = 24 * 1024 * 1024;

/**
 * The dirtying workload: every tick (0.1 s, or 1 s for slow rates) a block of random data is
 * copied into a tmpfs file at the next offset, cycling through a working set of about one
 * second's worth of writes. Migration counts distinct dirty pages per pass, so the working set
 * must be that large for the dirty rate QEMU sees to match; random data keeps the pages from
 * being sent as zero pages. Rate 0 stops it.
 */
export function dirtyCommand(bytesPerSec: number): string {
  const stop = '[ -s /run/dirty.pid ] && kill $(cat /run/dirty.pid) 2>/dev/null; rm -f /run/dirty.pid /dev/shm/dirty /dev/shm/dirty-src';
  if (!(bytesPerSec > 0)) return stop;
  const tickSec = bytesPerSec >= 10 * CHUNK ? 0.1 : 1;
  const perTick = Math.max(1, Math.round((bytesPerSec * tickSec) / CHUNK));
  const ticksInSet = Math.max(1, Math.floor(Math.min(MAX_WORKING_SET, bytesPerSec) / (perTick * CHUNK)));
  const blocks = perTick * ticksInSet;
  const copy = `dd if=/dev/shm/dirty-src of=/dev/shm/dirty bs=${CHUNK} count=${perTick} seek=$o conv=notrunc 2>/dev/null`;
  const loop = `o=0; while :; do ${copy}; o=$(( (o + ${perTick}) % ${blocks} )); usleep ${Math.round(tickSec * 1e6)}; done`;
  return (
    `${stop}; dd if=/dev/urandom of=/dev/shm/dirty-src bs=${CHUNK} count=${perTick} 2>/dev/null; ` +
    `dd if=/dev/zero of=/dev/shm/dirty bs=${CHUNK} count=${blocks} 2>/dev/null; ` +
    `( ${loop} ) </dev/null >/dev/null 2>&1 & echo $! > /run/dirty.pid`
  );
}
