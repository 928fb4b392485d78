import { describe, expect, it } from 'vitest';
import { routes, vmConsole, vmDetails, vmNew } from './routes';

describe('routes', () => {
  it('encodes every segment of VM links', () => {
    expect(vmDetails('central', 'default', 'web-1')).toBe('/vms/central/default/web-1');
    expect(vmDetails('a/b', 'ns', '../x')).toBe('/vms/a%2Fb/ns/..%2Fx');
    expect(routes.vmDetails('s', 'n', 'v', 'yaml')).toBe('/vms/s/n/v/yaml');
    expect(vmConsole('s', 'n', 'v', 'vnc')).toBe('/console/s/n/v/vnc');
  });

  it('puts optional context in the query', () => {
    expect(vmNew()).toBe('/vms/new');
    expect(vmNew('site-factory-01', 'prod')).toBe('/vms/new?site=site-factory-01&namespace=prod');
    expect(routes.vms()).toBe('/vms');
    expect(routes.vms('region-east')).toBe('/vms?site=region-east');
  });
});
