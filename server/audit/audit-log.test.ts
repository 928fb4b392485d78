import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log';

const entry = (user: string, remote: string) => ({
  type: 'request' as const,
  user,
  verb: 'POST',
  resource: '/x',
  status: 401,
  remote,
});

describe('the audit log', () => {
  it('bounds entries of anonymous callers per address and in total, says how many it left out, and keeps every signed-in one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
    const log = createAuditLog(path, { anonymousPerAddress: 5, anonymousTotal: 8, windowMs: 60_000 });
    for (let i = 0; i < 100; i++) log.write(entry('(anonymous)', '10.0.0.1'));
    for (let i = 0; i < 100; i++) log.write(entry('(unknown)', '10.0.0.2'));
    for (let i = 0; i < 50; i++) log.write(entry('alice', '10.0.0.1'));
    await log.close();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.remote === '10.0.0.1' && l.user === '(anonymous)')).toHaveLength(5);
    expect(lines.filter((l) => l.remote === '10.0.0.2')).toHaveLength(3);
    expect(lines.filter((l) => l.user === 'alice')).toHaveLength(50);
    const summary = lines.filter((l) => l.verb === 'suppressed');
    expect(summary).toHaveLength(1);
    expect(summary[0]?.detail).toMatch(/^192 entries of callers who were not signed in were left out/);
  });

  it('starts counting again in the next window', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
    const log = createAuditLog(path, { anonymousPerAddress: 2, anonymousTotal: 10, windowMs: 50 });
    for (let i = 0; i < 5; i++) log.write(entry('(anonymous)', 'a'));
    await new Promise((r) => setTimeout(r, 80));
    for (let i = 0; i < 5; i++) log.write(entry('(anonymous)', 'a'));
    await log.close();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.verb === 'POST')).toHaveLength(4);
    expect(lines.filter((l) => l.verb === 'suppressed').map((l) => l.detail)).toEqual([
      expect.stringMatching(/^3 entries/),
      expect.stringMatching(/^3 entries/),
    ]);
  });
});
