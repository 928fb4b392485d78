/**
 * A sites file places sites in the fleet when the kubeconfig carries no extension (kubeconfigs
 * written by other tools, the in-cluster site): its entries win over the extension, the other
 * sites keep theirs, and a name that is not a site stops the server at start.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES_PATH, type SiteList } from '@/lib/api/sites';
import { parseFlags } from '@/server/config/flags';
import type { RunningServer } from '@/server/start-server';
import { startBff, startTestLab, tempFile, type Lab } from '../support/bff-env';
import { Browser } from '../support/http-client';

let lab: Lab;
const servers: RunningServer[] = [];

beforeAll(async () => {
  lab = await startTestLab({ sites: ['central', 'site-factory-01'] });
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  await lab?.stop();
});

describe('--sites-file', () => {
  it('is read from the flag or EDGEVIRT_SITES_FILE', () => {
    expect(parseFlags(['--kubeconfig', 'k', '--sites-file', '/etc/sites.yaml'], {}).sitesFile).toBe('/etc/sites.yaml');
    expect(parseFlags(['--kubeconfig', 'k'], { EDGEVIRT_SITES_FILE: '/m/sites.json' }).sitesFile).toBe('/m/sites.json');
  });

  it("places the sites it names over the kubeconfig's extension; the others keep theirs", async () => {
    const file = tempFile('sites.yaml');
    writeFileSync(file, "sites:\n  site-factory-01: { tier: regional, region: north, labels: { line: '3' } }\n");
    const server = await startBff(lab, { sitesFile: file });
    servers.push(server);
    const b = new Browser(server.url);
    const link = new URL(server.signInUrl ?? '');
    await b.call('GET', link.pathname + link.search);
    const res = await b.call('GET', SITES_PATH);
    expect(res.status).toBe(200);
    const items = res.json<SiteList>().items;
    expect(items.find((s) => s.name === 'site-factory-01')?.placement).toEqual({
      tier: 'regional',
      region: 'north',
      labels: { line: '3' },
    });
    expect(items.find((s) => s.name === 'central')?.placement).toEqual({
      tier: 'central',
      region: 'hq',
      labels: { role: 'hub' },
    });
  });

  it('stops the server at start when it names a site the kubeconfig does not have', async () => {
    const file = tempFile('sites.yaml');
    writeFileSync(file, 'sites:\n  site-factroy-01: { tier: edge }\n');
    await expect(startBff(lab, { sitesFile: file })).rejects.toThrow(
      /sites file .*sites.yaml names site-factroy-01, not a site here \(sites: central, site-factory-01\)/,
    );
  });
});
