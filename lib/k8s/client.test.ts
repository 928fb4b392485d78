import { describe, expect, it } from 'vitest';
import { k8sFetch, setCsrfTokenSource } from './client';
import { KubeApiError } from './kube-api-error';

describe('k8s client', () => {
  it('prefixes the site, encodes the query and sends no CSRF header on reads', async () => {
    let seen: { url: string; init?: RequestInit } | undefined;
    await k8sFetch('site a', '/api/v1/namespaces', {
      query: { labelSelector: 'app=web', limit: 5, continue: undefined },
      fetchImpl: async (url, init) => {
        seen = { url, init };
        return new Response('{}');
      },
    });
    expect(seen?.url).toBe('/k8s/site%20a/api/v1/namespaces?labelSelector=app%3Dweb&limit=5');
    expect((seen?.init?.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('adds x-csrf-token from the session source on mutations', async () => {
    setCsrfTokenSource(async () => 'csrf-123');
    let headers: Record<string, string> = {};
    await k8sFetch('central', '/apis/x/v1/things', {
      method: 'POST',
      body: { a: 1 },
      fetchImpl: async (_url, init) => {
        headers = init?.headers as Record<string, string>;
        return new Response('{}', { status: 201 });
      },
    });
    expect(headers['x-csrf-token']).toBe('csrf-123');
    expect(headers['content-type']).toBe('application/json');
  });

  it('throws KubeApiError with the Status fields on a failure', async () => {
    const status = {
      kind: 'Status',
      status: 'Failure',
      code: 409,
      reason: 'Conflict',
      message: 'the object has been modified',
      details: { causes: [{ field: 'spec.running', message: 'bad' }] },
    };
    const call = k8sFetch('central', '/apis/kubevirt.io/v1/namespaces/d/virtualmachines/a', {
      fetchImpl: async () => new Response(JSON.stringify(status), { status: 409 }),
    });
    await expect(call).rejects.toBeInstanceOf(KubeApiError);
    await expect(call).rejects.toMatchObject({ code: 409, reason: 'Conflict', message: 'the object has been modified' });
  });

  it('turns a network failure into KubeApiError code 0', async () => {
    const call = k8sFetch('central', '/api/v1/nodes', {
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(call).rejects.toMatchObject({ code: 0, reason: 'NetworkError', message: 'Failed to fetch' });
  });
});
