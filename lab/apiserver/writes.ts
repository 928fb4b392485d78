import { decodeTypedObject, isK8sProtobuf, unwrapUnknown } from '../auth/protobuf';
import type { DeleteOptions } from '../store/object-store';
import { badRequest, notFound, StatusError } from '../store/status-error';
import type { KubeObject } from '../store/types';
import { admit, checkNamespace, isDryRun, normalizeIncoming } from './admission';
import type { ApiContext, ResourceRequest } from './context';
import { mediaType, parseObjectBody, readBody, sendJson } from './http-util';
import { PATCH_TYPES, applyPatch, jsonPatch, mergePatch, strategicMergePatch, unsupportedPatch } from './patch';
import { writeOne, selectorOf } from './reads';
import { matches } from './selectors';
import { objectJson } from './serialize';
import { deleteNamespaceContents } from './namespaces';

/** Reads a JSON, YAML or (for typed kubectl commands) protobuf body. */
export async function readObject(r: ResourceRequest): Promise<unknown> {
  const body = await readBody(r.req);
  const type = mediaType(r.req);
  if (type === 'application/vnd.kubernetes.protobuf' || isK8sProtobuf(body)) {
    const u = unwrapUnknown(body);
    const decoded = decodeTypedObject(u.kind ?? r.def.kind, u.apiVersion ?? r.apiVersion, u.raw);
    if (!decoded) throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    return decoded;
  }
  return parseObjectBody(body, type);
}

function withoutStatus(def: ResourceRequest['def'], obj: KubeObject): KubeObject {
  if (def.status) delete obj.status;
  return obj;
}

/** Defaults kube-apiserver applies to a few built-ins on create. */
function defaults(r: ResourceRequest, obj: KubeObject): void {
  if (r.def.resource === 'namespaces') {
    obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
    obj.status = { phase: 'Active' };
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  }
  if (r.def.resource === 'secrets' && obj.type === undefined) obj.type = 'Opaque';
}

/** POST: create (or the virtual create of UploadTokenRequest, which is never stored). */
export async function handleCreate(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const obj = withoutStatus(r.def, normalizeIncoming({ ...r, info: { ...r.info, name: undefined } }, await readObject(r)));
  for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'generation'] as const) delete obj.metadata[f];
  checkNamespace(ctx, r);
  defaults(r, obj);
  const dryRun = isDryRun(r.query);
  const admitted = admit(ctx, r, 'CREATE', obj, undefined);
  if (r.def.resource === 'uploadtokenrequests') {
    sendJson(r.res, 201, admitted);
    return;
  }
  const created = ctx.store.create(r.ref, admitted, { dryRun });
  writeOne(ctx, r, created, 201);
}

/** Builds the new object from a body for the main resource or the status subresource. */
function merged(r: ResourceRequest, input: KubeObject, old: KubeObject): KubeObject {
  if (r.info.subresource === 'status') {
    const out = structuredClone(old);
    out.status = input.status;
    out.metadata.resourceVersion = input.metadata.resourceVersion;
    return out;
  }
  const out = input;
  if (r.def.status) {
    if (old.status === undefined) delete out.status;
    else out.status = structuredClone(old.status);
  }
  for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'generation'] as const) delete out.metadata[f];
  return out;
}

function storeUpdate(ctx: ApiContext, r: ResourceRequest, next: KubeObject, old: KubeObject): void {
  const admitted = admit(ctx, r, 'UPDATE', next, old);
  const updated = ctx.store.update(r.ref, admitted, { dryRun: isDryRun(r.query) });
  writeOne(ctx, r, updated, 200);
}

/** PUT on an object or its status. */
export async function handleUpdate(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const input = normalizeIncoming(r, await readObject(r));
  const old = ctx.store.mustGet(r.ref, r.ns, r.info.name ?? '');
  if (r.def.resource === 'namespaces' && r.info.subresource !== 'status') input.status = old.status;
  storeUpdate(ctx, r, merged(r, input, old), old);
}

function patchBody(type: string, text: string): unknown {
  if (type === PATCH_TYPES.apply) return parseObjectBody(Buffer.from(text), 'application/yaml');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** PATCH with JSON patch, merge patch, strategic merge patch (built-ins only) or server-side apply. */
export async function handlePatch(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const type = mediaType(r.req);
  if (!Object.values(PATCH_TYPES).includes(type as never)) throw unsupportedPatch(r.def.builtin);
  if (type === PATCH_TYPES.strategic && !r.def.builtin) throw unsupportedPatch(false);
  const patch = patchBody(type, (await readBody(r.req)).toString('utf8'));
  const name = r.info.name ?? '';
  const current = ctx.store.get(r.ref, r.ns, name);
  if (!current) {
    if (type !== PATCH_TYPES.apply || r.info.subresource) throw notFound(r.def.group, r.def.resource, name);
    const obj = withoutStatus(r.def, normalizeIncoming(r, patch));
    checkNamespace(ctx, r);
    defaults(r, obj);
    const created = ctx.store.create(r.ref, admit(ctx, r, 'CREATE', obj, undefined), { dryRun: isDryRun(r.query) });
    writeOne(ctx, r, created, 201);
    return;
  }
  let patched: unknown;
  if (type === PATCH_TYPES.json) patched = jsonPatch(current, patch);
  else if (type === PATCH_TYPES.merge) patched = mergePatch(current, patch);
  else if (type === PATCH_TYPES.strategic) patched = strategicMergePatch(current, patch);
  else patched = applyPatch(current, patch);
  const next = normalizeIncoming(r, { ...(patched as KubeObject), metadata: { ...((patched as KubeObject).metadata ?? {}), name, namespace: current.metadata.namespace } });
  if (r.def.resource === 'namespaces' && r.info.subresource !== 'status') next.status = current.status;
  storeUpdate(ctx, r, merged(r, next, current), current);
}

async function deleteOptions(r: ResourceRequest): Promise<DeleteOptions> {
  const body = await readBody(r.req);
  const opts = (body.length ? parseObjectBody(body, mediaType(r.req)) : {}) as { propagationPolicy?: string; orphanDependents?: boolean; preconditions?: DeleteOptions['preconditions']; dryRun?: string[] };
  const policy = r.query.get('propagationPolicy') ?? opts.propagationPolicy ?? (opts.orphanDependents || r.query.get('orphanDependents') === 'true' ? 'Orphan' : undefined);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    preconditions: opts.preconditions,
    dryRun: isDryRun(r.query) || (opts.dryRun ?? []).includes('All'),
  };
}

function deleteOne(ctx: ApiContext, r: ResourceRequest, name: string, opts: DeleteOptions): KubeObject | undefined {
  const old = ctx.store.mustGet(r.ref, r.ns, name);
  ctx.extensions().admit?.('DELETE', r.ref, structuredClone(old), old, r.user);
  if (r.def.resource === 'namespaces' && !opts.dryRun) deleteNamespaceContents(ctx.store, name);
  const result = ctx.store.delete(r.ref, r.ns, name, opts);
  return ctx.store.get(r.ref, r.ns, name) && !opts.dryRun ? result : undefined;
}

/** DELETE of one object: the terminating object when finalizers keep it, else a Success Status. */
export async function handleDelete(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const name = r.info.name ?? '';
  const opts = await deleteOptions(r);
  const before = ctx.store.mustGet(r.ref, r.ns, name);
  const remaining = deleteOne(ctx, r, name, opts);
  if (remaining) {
    writeOne(ctx, r, remaining, 200);
    return;
  }
  sendJson(r.res, 200, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name, group: r.def.group, kind: r.def.resource, uid: before.metadata.uid },
  });
}

/** DELETE on a collection: deletes every selected object and returns them as a list. */
export async function handleDeleteCollection(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(r);
  const sel = selectorOf(r);
  const victims = ctx.store.listShared(r.ref, r.ns).filter((o) => matches(sel, o)).map((o) => o.metadata.name ?? '');
  const items: string[] = [];
  for (const name of victims) {
    const obj = ctx.store.get(r.ref, r.ns, name);
    if (!obj) continue;
    deleteOne(ctx, r, name, opts);
    items.push(objectJson(obj, r.apiVersion));
  }
  sendJson(r.res, 200, `{"kind":"${r.def.kind}List","apiVersion":"${r.apiVersion}","metadata":{"resourceVersion":"${ctx.store.resourceVersion()}"},"items":[${items.join(',')}]}`);
}
