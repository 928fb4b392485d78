import { badRequest } from '../store/status-error';
import type { KubeObject } from '../store/types';
import type { ApiContext, ResourceRequest } from './context';
import { isDryRun } from './admission';
import { mediaType, readBody, sendJson, parseObjectBody } from './http-util';
import { PATCH_TYPES, jsonPatch, mergePatch, unsupportedPatch } from './patch';

/** autoscaling/v1 Scale view of an object with spec.replicas / status.replicas. */
function scaleOf(obj: KubeObject) {
  const m = obj.metadata;
  const selector = obj.status?.labelSelector ?? obj.status?.selector;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, ...(typeof selector === 'string' ? { selector } : {}) },
  };
}

async function newScale(r: ResourceRequest, current: ReturnType<typeof scaleOf>): Promise<{ spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } }> {
  const text = (await readBody(r.req)).toString('utf8');
  if (r.info.verb === 'update') return parseObjectBody(Buffer.from(text), mediaType(r.req)) as never;
  const type = mediaType(r.req);
  const patch = JSON.parse(text || 'null') as unknown;
  if (type === PATCH_TYPES.json) return jsonPatch(current, patch) as never;
  if (type === PATCH_TYPES.merge || type === PATCH_TYPES.strategic) return mergePatch(current, patch) as never;
  throw unsupportedPatch(true);
}

/** GET, PUT and PATCH on `…/{name}/scale` (the scale subresource of VMIRS, pools, deployments). */
export async function handleScale(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const obj = ctx.store.mustGet(r.ref, r.ns, r.info.name ?? '');
  const current = scaleOf(obj);
  if (r.info.verb === 'get') return sendJson(r.res, 200, current);
  const next = await newScale(r, current);
  const replicas = next.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
  }
  obj.spec = { ...(obj.spec ?? {}), replicas };
  if (next.metadata?.resourceVersion) obj.metadata.resourceVersion = next.metadata.resourceVersion;
  const updated = ctx.store.update(r.ref, obj, { dryRun: isDryRun(r.query) });
  sendJson(r.res, 200, scaleOf(updated));
}
