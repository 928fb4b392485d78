import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '@/server/http/status';
import { upstreamWatchPath } from './upstream-watch';

const open = (path: string) => ({ op: 'watch' as const, id: 1, site: 'central', path, query: { resourceVersion: '5' } });

function refusal(path: string): number | undefined {
  try {
    upstreamWatchPath(open(path));
  } catch (err) {
    if (err instanceof HttpStatusError) return err.code;
    throw err;
  }
  return undefined;
}

describe('the multiplexer watch path', () => {
  it('watches a collection from its resourceVersion', () => {
    expect(upstreamWatchPath(open('/apis/kubevirt.io/v1/namespaces/default/virtualmachines'))).toBe('/apis/kubevirt.io/v1/namespaces/default/virtualmachines?resourceVersion=5&watch=1');
  });

  it('refuses a fragment mark, which would turn the watch into a list upstream', () => {
    expect(refusal('/api/v1/pods#')).toBe(400);
    expect(refusal('/api/v1/pods?x=1')).toBe(400);
  });

  it('refuses objects and subresources', () => {
    expect(refusal('/api/v1/namespaces/default/pods/p')).toBe(400);
    expect(refusal('/api/v1/namespaces/default/pods/p/log')).toBe(400);
  });
});
