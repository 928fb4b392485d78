import { describe, expect, it } from 'vitest';
import { isWatchRequest, parseProxyUrl } from '@/server/proxy/path-policy';
import { HttpStatusError } from '@/server/http/status';

function refusal(url: string, method = 'GET'): number {
  try {
    parseProxyUrl(url, method);
  } catch (err) {
    if (err instanceof HttpStatusError) return err.code;
    throw err;
  }
  return 200;
}

describe('proxy path policy', () => {
  it('splits site, path and query and keeps the encoding', () => {
    const t = parseProxyUrl('/k8s/site-a/apis/kubevirt.io/v1/namespaces/default/virtualmachines/vm%201?limit=5', 'GET');
    expect(t.site).toBe('site-a');
    expect(t.path).toBe('/apis/kubevirt.io/v1/namespaces/default/virtualmachines/vm%201');
    expect(t.search).toBe('?limit=5');
    expect(t.info).toMatchObject({ group: 'kubevirt.io', version: 'v1', namespace: 'default', resource: 'virtualmachines', name: 'vm 1' });
  });

  it('refuses characters a path cannot hold: a fragment mark, quotes, brackets, spaces', () => {
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/virt-handler-x/proxy#')).toBe(400);
    expect(refusal('/k8s/a/api/v1/pods#')).toBe(400);
    expect(refusal('/k8s/a/api/v1/pods?watch=1#frag')).toBe(400);
    for (const c of ['"', '<', '>', '[', ']', '{', '}', '|', '^', '`', ' ']) expect(refusal(`/k8s/a/api/v1/namespaces/x${c}y/pods`), c).toBe(400);
    // What RFC 3986 allows in a segment still passes: sub-delims, ':' and '@'.
    expect(refusal("/k8s/a/api/v1/namespaces/default/pods/a:b@c!$&'()*+,;=")).toBe(200);
  });

  it('refuses dot segments, encoded slashes and dots, backslashes and empty segments', () => {
    expect(refusal('/k8s/a/api/v1/../../../healthz')).toBe(400);
    expect(refusal('/k8s/a/api/v1/namespaces/./pods')).toBe(400);
    expect(refusal('/k8s/a/api/v1/namespaces/x%2Fy/pods')).toBe(400);
    expect(refusal('/k8s/a/api/v1/namespaces/x%2fy/pods')).toBe(400);
    expect(refusal('/k8s/a/api/v1/namespaces/%2E%2E/pods')).toBe(400);
    expect(refusal('/k8s/a/api/v1/namespaces/x%5Cy/pods')).toBe(400);
    expect(refusal('/k8s/a//api/v1/pods')).toBe(400);
    expect(refusal('/k8s/a/api/v1/pods%00')).toBe(400);
    expect(refusal('/k8s/a/api/v1/pods%zz')).toBe(400);
  });

  it('refuses exec, attach, portforward and generic proxies', () => {
    expect(refusal('/k8s/a/api/v1/namespaces/default/pods/p/exec?command=sh', 'POST')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/default/pods/p/exec?command=sh')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/default/pods/p/attach')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/default/pods/p/portforward')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/default/pods/p/proxy/metrics')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/default/services/s/proxy/')).toBe(403);
    expect(refusal('/k8s/a/api/v1/nodes/n/proxy/stats')).toBe(403);
    expect(refusal('/k8s/a/apis/subresources.kubevirt.io/v1/namespaces/d/virtualmachineinstances/v/portforward/22')).toBe(403);
    expect(refusal('/k8s/a/apis/subresources.kubevirt.io/v1/namespaces/d/virtualmachineinstances/v/usbredir')).toBe(403);
  });

  it('allows only the virt-handler metrics path through pods/proxy', () => {
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/https:virt-handler-x7k2p:8443/proxy/metrics')).toBe(200);
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/virt-handler-x7k2p/proxy/metrics')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/https:virt-handler-x7k2p:9090/proxy/metrics')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/https:virt-handler-x7k2p:8443/proxy/metrics', 'POST')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/https:virt-handler-x7k2p:8443/proxy/debug')).toBe(403);
    expect(refusal('/k8s/a/api/v1/namespaces/kubevirt/pods/virt-api-1/proxy/metrics')).toBe(403);
  });

  it('does not mistake object names for subresources', () => {
    expect(refusal('/k8s/a/apis/kubevirt.io/v1/namespaces/exec/virtualmachines/proxy')).toBe(200);
    expect(refusal('/k8s/a/api/v1/namespaces/proxy')).toBe(200);
    expect(refusal('/k8s/a/api/v1/namespaces/ns1/finalize', 'PUT')).toBe(200);
  });

  it('sends websocket subresources to the bridge but allows the screenshot', () => {
    expect(refusal('/k8s/a/apis/subresources.kubevirt.io/v1/namespaces/d/virtualmachineinstances/v/vnc')).toBe(400);
    expect(refusal('/k8s/a/apis/subresources.kubevirt.io/v1/namespaces/d/virtualmachineinstances/v/vnc/screenshot')).toBe(200);
    expect(parseProxyUrl('/k8s/a/apis/subresources.kubevirt.io/v1/namespaces/d/virtualmachineinstances/v/vnc', 'GET', { websocket: true }).site).toBe('a');
  });

  it('only proxies API roots', () => {
    expect(refusal('/k8s/a/healthz')).toBe(404);
    expect(refusal('/k8s/a/version')).toBe(200);
    expect(refusal('/k8s/a/openapi/v3')).toBe(200);
  });

  it('recognises watches', () => {
    expect(isWatchRequest(parseProxyUrl('/k8s/a/api/v1/pods?watch=true', 'GET'))).toBe(true);
    expect(isWatchRequest(parseProxyUrl('/k8s/a/api/v1/pods?watch=1&resourceVersion=3', 'GET'))).toBe(true);
    expect(isWatchRequest(parseProxyUrl('/k8s/a/api/v1/watch/pods', 'GET'))).toBe(true);
    expect(isWatchRequest(parseProxyUrl('/k8s/a/api/v1/pods?limit=1', 'GET'))).toBe(false);
  });
});
