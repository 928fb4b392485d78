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
  it('splits origin lists', () => {
    expect(splitList('https://a.example, https://b.example')).toEqual(['https://a.example', 'https://b.example']);
    expect(splitList("'none'")).toEqual([]);
  });
});
