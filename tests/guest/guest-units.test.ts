import { describe, expect, it } from 'vitest';
import { toMigrationStats } from '@/lab/guest/qemu/migration-stats';
import { dirtyCommand, parseGuestInfo } from '@/lab/guest/qemu/guest-commands';
import { keysymToText } from '@/lab/guest/builtin/keysyms';
import { tokenize } from '@/lab/guest/builtin/mini-shell';
import { loadVgaFont } from '@/lab/guest/builtin/psf-font';

describe('query-migrate mapping', () => {
  it('maps a mid-migration reply (bytes, megabits, pages) to MigrationStats', () => {
    // A reply QEMU 7.2 sent during an idle-guest migration (shared/notes/qemu-guests.md).
    const s = toMigrationStats({
      'expected-downtime': 300,
      status: 'active',
      ram: { total: 151592960, 'dirty-sync-count': 2, 'page-size': 4096, remaining: 93102080, mbps: 67.30704, transferred: 34494095, 'dirty-pages-rate': 2296 },
    });
    expect(s).toEqual({
      status: 'active',
      totalBytes: 151592960,
      processedBytes: 34494095,
      remainingBytes: 93102080,
      dirtyRateBytesPerSec: 2296 * 4096,
      transferRateBytesPerSec: 8413380,
      expectedDowntimeMs: 300,
      dirtySyncCount: 2,
    });
  });

  it('maps transient and post-copy states and carries errors and downtime', () => {
    expect(toMigrationStats({ status: 'cancelling' }).status).toBe('active');
    expect(toMigrationStats({ status: 'postcopy-paused' }).status).toBe('postcopy-active');
    expect(toMigrationStats({ status: 'failed', 'error-desc': 'boom' })).toMatchObject({ status: 'failed', error: 'boom' });
    expect(toMigrationStats({ status: 'completed', downtime: 7 }).downtimeMs).toBe(7);
  });
});

describe('guest commands', () => {
  it('parses the info command output', () => {
    const info = parseGuestInfo('hostname=vm1\nrelease=6.1.0-56-cloud-amd64\nversion=#1 SMP\nuptime=12.5\nos.PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nos.ID=debian\n', 'x');
    expect(info).toMatchObject({ hostname: 'vm1', kernelRelease: '6.1.0-56-cloud-amd64', uptimeSeconds: 12.5, os: { id: 'debian', prettyName: 'Debian GNU/Linux 12 (bookworm)' } });
  });

  it('builds a dirtying loop sized to the rate, and a stop command for 0', () => {
    const cmd = dirtyCommand(32 * 1024 * 1024);
    expect(cmd).toContain('count=51 seek=$o');
    expect(cmd).toContain('usleep 100000');
    expect(cmd).not.toContain('\n');
    expect(dirtyCommand(0)).toMatch(/^\[ -s \/run\/dirty.pid \] && kill/);
    expect(dirtyCommand(0)).not.toContain('while');
  });
});

describe('built-in guest pieces', () => {
  it('maps keysyms to tty input', () => {
    expect(keysymToText(0x41, false)).toBe('A');
    expect(keysymToText(0xff0d, false)).toBe('\r');
    expect(keysymToText(0xff08, false)).toBe('\x7f');
    expect(keysymToText(0x63, true)).toBe('\x03');
    expect(keysymToText(0xe9, false)).toBe('é');
    expect(keysymToText(0x01004e16, false)).toBe('世');
    expect(keysymToText(0xffe1, false)).toBe('');
  });

  it('tokenizes quotes and redirections', () => {
    expect(tokenize(`echo "a  b" 'c'>>/tmp/x; uname -a`)).toEqual(['echo', 'a  b', 'c', '>>', '/tmp/x', ';', 'uname', '-a']);
  });

  it('loads the VGA font with its Unicode table', () => {
    const font = loadVgaFont();
    expect(font.height).toBe(16);
    const a = font.glyph(0x41);
    expect(a.some((row) => row !== 0)).toBe(true);
    expect(font.glyph(0x2500)).not.toEqual(a);
    expect(font.glyph(0xe9)).not.toEqual(font.glyph(0x65));
  });
});
