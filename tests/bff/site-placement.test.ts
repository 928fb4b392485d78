import { describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../lab/admin/kubeconfig';
import { placementsFromKubeconfig, placementsFromSitesFile } from '../../server/sites/placement';

const tokens = { admin: 'a', operator: 'o', viewer: 'v', console: 'c' } as never;

describe('site placement from kubeconfig extensions', () => {
  it('reads the lab kubeconfig: central, regional hubs, edge sites round-robin over the hubs', () => {
    const names = [
      'central',
      'region-east',
      'region-west',
      'site-factory-01',
      'site-shop-02',
      'site-shop-03',
    ];
    const yaml = buildKubeconfig(
      names.map((name) => ({ name, url: `https://${name}` })),
      'CA',
      tokens,
    );
    const p = placementsFromKubeconfig(yaml);
    expect(p.get('central')).toEqual({ tier: 'central', region: 'hq', labels: { role: 'hub' } });
    expect(p.get('region-west')?.tier).toBe('regional');
    expect(['site-factory-01', 'site-shop-02', 'site-shop-03'].map((n) => p.get(n)?.region)).toEqual([
      'east',
      'west',
      'east',
    ]);
    expect(p.get('site-shop-02')).toMatchObject({ tier: 'edge', labels: { nodes: 'single' } });
  });

  it('refuses a malformed extension naming the context, and ignores contexts without one', () => {
    const ctx = (extension: unknown) =>
      `contexts:\n- name: a\n  context:\n    cluster: a\n    extensions:\n    - name: edgevirt.dev/site\n      extension: ${JSON.stringify(extension)}\n- name: b\n  context: {cluster: b}\n`;
    expect(() => placementsFromKubeconfig(ctx({ tier: 'metro' }))).toThrow(
      /context a: extension edgevirt.dev\/site: tier must be one of central, regional, edge/,
    );
    expect(() => placementsFromKubeconfig(ctx({ labels: { x: 1 } }))).toThrow(/label x must be a string/);
    const ok = placementsFromKubeconfig(ctx({ region: 'north' }));
    expect(ok.get('a')).toEqual({ region: 'north', labels: {} });
    expect(ok.has('b')).toBe(false);
  });
});

describe('site placement from a sites file', () => {
  it('reads tier, region and labels per site, YAML or JSON', () => {
    const yaml = placementsFromSitesFile(
      "sites:\n  central: { tier: central, region: hq }\n  shop-7: { tier: edge, region: north, labels: { line: '3' } }\n",
      'sites.yaml',
    );
    expect(yaml.get('central')).toEqual({ tier: 'central', region: 'hq', labels: {} });
    expect(yaml.get('shop-7')).toEqual({ tier: 'edge', region: 'north', labels: { line: '3' } });
    const json = placementsFromSitesFile(JSON.stringify({ sites: { a: { region: 'west' } } }), 'sites.json');
    expect(json.get('a')).toEqual({ region: 'west', labels: {} });
  });

  it('refuses a malformed file, naming the file and the site', () => {
    expect(() => placementsFromSitesFile('central: {tier: central}', 'f.yaml')).toThrow(
      /sites file f.yaml: expected "sites:"/,
    );
    expect(() => placementsFromSitesFile('sites: {a: {tier: metro}}', 'f.yaml')).toThrow(
      /sites file f.yaml: site a: tier must be one of central, regional, edge/,
    );
    expect(() => placementsFromSitesFile('sites: [a', 'f.yaml')).toThrow(/sites file f.yaml:/);
  });
});
