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
const MAX_WORKING_SET = 8 * 1024 * 1024;

/**
 * The dirtying workload: a random source file in tmpfs is copied over a working-set file K times
 * a second (non-zero data, so migration cannot send the pages as zero pages). Rate 0 stops it.
 */
export function dirtyCommand(bytesPerSec: number): string {
  const stop = '[ -s /run/dirty.pid ] && kill $(cat /run/dirty.pid) 2>/dev/null; rm -f /run/dirty.pid /dev/shm/dirty /dev/shm/dirty-src';
  if (!(bytesPerSec > 0)) return stop;
  const size = Math.max(CHUNK, Math.min(MAX_WORKING_SET, Math.round(bytesPerSec / CHUNK) * CHUNK));
  const count = size / CHUNK;
  const perSecond = Math.max(1, Math.round(bytesPerSec / size));
  const copy = `dd if=/dev/shm/dirty-src of=/dev/shm/dirty bs=${CHUNK} count=${count} conv=notrunc 2>/dev/null`;
  const loop = `while :; do i=0; while [ $i -lt ${perSecond} ]; do ${copy}; i=$((i+1)); done; sleep 1; done`;
  return (
    `${stop}; dd if=/dev/urandom of=/dev/shm/dirty-src bs=${CHUNK} count=${count} 2>/dev/null; ` +
    `cp /dev/shm/dirty-src /dev/shm/dirty; ( ${loop} ) </dev/null >/dev/null 2>&1 & echo $! > /run/dirty.pid`
  );
}
