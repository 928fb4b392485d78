import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlags, splitList } from '@/server/config/flags';

describe('server flags', () => {
  it('defaults to loopback, port 3000, local sign-in and the lab', () => {
    const o = parseFlags([], {});
    expect(o).toMatchObject({ host: '127.0.0.1', port: 3000, auth: 'local', lab: true, kubeconfig: undefined });
  });
  it('reads the environment and lets flags win', () => {
    const o = parseFlags(['--port', '8080'], { PORT: '9000', EDGEVIRT_HOST: '::1', KUBECONFIG: '/k' });
    expect(o).toMatchObject({ host: '::1', port: 8080, lab: false, kubeconfig: '/k' });
  });
  it('keeps the lab off with a kubeconfig unless --lab is given', () => {
    expect(parseFlags(['--kubeconfig', '/k', '--lab'], {}).lab).toBe(true);
    expect(parseFlags(['--no-lab'], {}).lab).toBe(false);
    expect(parseFlags(['--lab-time-scale', '0.1'], {}).lab).toEqual({ timeScale: 0.1 });
    expect(parseFlags(['--lab-kubeconfig', '/tmp/k'], {}).lab).toEqual({ kubeconfigOut: '/tmp/k' });
    expect(parseFlags([], { EDGEVIRT_LAB_KUBECONFIG: '/tmp/k', EDGEVIRT_LAB_TIME_SCALE: '0.5' }).lab).toEqual({ timeScale: 0.5, kubeconfigOut: '/tmp/k' });
  });
  it('requires the OIDC settings in oidc mode', () => {
    expect(() => parseFlags(['--auth', 'oidc'], {})).toThrow(/oidc-issuer/);
    const o = parseFlags(['--auth', 'oidc', '--oidc-issuer', 'https://idp', '--oidc-client-id', 'c', '--oidc-redirect-uri', 'https://h/cb'], {});
    expect(o.oidc).toMatchObject({ issuer: 'https://idp', clientId: 'c', redirectUri: 'https://h/cb' });
  });
  it('refuses unknown modes and flags', () => {
    expect(() => parseFlags(['--auth', 'basic'], {})).toThrow(/local, token or oidc/);
    expect(() => parseFlags(['--bogus'], {})).toThrow();
  });
  it('takes secrets from a file or the environment, never from the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgevirt-flags-'));
    try {
      const file = join(dir, 'secret');
      writeFileSync(file, 'from-a-file-0123456789abcdef0123456789\n', { mode: 0o600 });
      expect(parseFlags(['--session-secret-file', file], {}).sessionSecret).toBe('from-a-file-0123456789abcdef0123456789');
      expect(parseFlags([], { EDGEVIRT_SESSION_SECRET_FILE: file }).sessionSecret).toBe('from-a-file-0123456789abcdef0123456789');
      expect(parseFlags([], { EDGEVIRT_SESSION_SECRET: 'env-secret' }).sessionSecret).toBe('env-secret');
      expect(parseFlags(['--console-token-file', file], {}).consoleToken).toBe('from-a-file-0123456789abcdef0123456789');
      for (const flag of ['--session-secret', '--oidc-client-secret', '--console-token']) {
        expect(() => parseFlags([flag, 'visible-in-ps'], {})).toThrow(new RegExp(`${flag} is refused.*${flag}-file`));
      }
      expect(() => parseFlags(['--session-secret-file', join(dir, 'missing')], {})).toThrow(/cannot read .*ENOENT/);
      writeFileSync(join(dir, 'empty'), '\n');
      expect(() => parseFlags(['--session-secret-file', join(dir, 'empty')], {})).toThrow(/is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('splits origin lists', () => {
    expect(splitList('https://a.example, https://b.example')).toEqual(['https://a.example', 'https://b.example']);
    expect(splitList("'none'")).toEqual([]);
  });
});
