/**
 * Browser client for the BFF's Kubernetes pass-through (`/k8s/<site><apiPath>`). Every failure
 * is thrown as a KubeApiError; mutations carry the session's CSRF token in `x-csrf-token`.
 */
import { apiPath, queryString, sitePath, type GroupVersionResource } from './api-path';
import { SESSION_API } from '../api/session';
import { errorFromResponse, KubeApiError } from './kube-api-error';
import type { KubeList, KubeObject } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Where the CSRF token comes from; the session module registers it once signed in. */
let csrfSource: () => Promise<string> = async () => {
  const res = await fetch(SESSION_API.session, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorFromResponse(res);
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new KubeApiError(401, { kind: 'Status', reason: 'Unauthorized', message: 'not signed in' });
  return body.csrfToken;
};

/** Replaces how mutations obtain the CSRF token (the session provider passes its cached one). */
export function setCsrfTokenSource(source: () => Promise<string>): void {
  csrfSource = source;
}

/** The session's CSRF token, for writes that do not go through `k8sFetch` (tus uploads). */
export function csrfToken(): Promise<string> {
  return csrfSource();
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  fetchImpl?: FetchLike;
}

/** Wraps a network failure (no HTTP answer at all) as a KubeApiError with code 0. */
function networkError(err: unknown): KubeApiError {
  const message = err instanceof Error ? err.message : String(err);
  return new KubeApiError(0, { kind: 'Status', status: 'Failure', reason: 'NetworkError', message });
}

/** Raw request to one site; resolves only on 2xx. */
export async function k8sFetch(site: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = (opts.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (MUTATING.has(method)) headers['x-csrf-token'] = await csrfSource();
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const url = sitePath(site, path) + queryString(opts.query ?? {});
  const doFetch = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw networkError(err);
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

/** JSON request; an empty 2xx body (e.g. 202 from a subresource) resolves to undefined. */
export async function k8sJson<T>(site: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await k8sFetch(site, path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface ObjectRef {
  namespace?: string;
  name: string;
}

/** GET one object. */
export function getObject<T extends KubeObject>(site: string, gvr: GroupVersionResource, ref: ObjectRef, signal?: AbortSignal): Promise<T> {
  return k8sJson<T>(site, apiPath(gvr, ref), { signal });
}

/** GET a collection page. */
export function listObjects<T extends KubeObject>(
  site: string,
  gvr: GroupVersionResource,
  opts: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number; continue?: string; signal?: AbortSignal } = {},
): Promise<KubeList<T>> {
  const { namespace, signal, ...query } = opts;
  return k8sJson<KubeList<T>>(site, apiPath(gvr, { namespace }), { query, signal });
}

/** POST a new object (`dryRun: true` asks the server to validate only). */
export function createObject<T extends KubeObject>(site: string, gvr: GroupVersionResource, obj: T, dryRun = false): Promise<T> {
  return k8sJson<T>(site, apiPath(gvr, { namespace: obj.metadata.namespace }), {
    method: 'POST',
    body: obj,
    query: { dryRun: dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
  });
}

/**
 * PUT a whole object to `ref` (the object the user opened, whatever the edited text names); a
 * stale resourceVersion is thrown as 409 Conflict.
 */
export function replaceObject<T extends KubeObject>(site: string, gvr: GroupVersionResource, ref: ObjectRef, obj: T, dryRun = false): Promise<T> {
  return k8sJson<T>(site, apiPath(gvr, ref), {
    method: 'PUT',
    body: obj,
    query: { dryRun: dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
  });
}
