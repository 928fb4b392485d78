import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { StatusError, badRequest } from '../store/status-error';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch; a failed `test` or a bad path is a 422/500 as on the apiserver. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), ops as Operation[], true, false).newDocument;
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'TEST_OPERATION_FAILED') throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value failed`);
    throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${String(e.message ?? err).split('\n')[0]}`);
  }
}

/** Merge keys of the built-in list fields strategic merge patch merges by, instead of replacing. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name', volumeMounts: 'mountPath',
  ports: 'containerPort', imagePullSecrets: 'name', conditions: 'type', tolerations: 'key', secrets: 'name', ownerReferences: 'uid',
  addresses: 'type', volumeDevices: 'devicePath', hostAliases: 'ip', subsets: 'ip',
};

function mergeList(key: string, target: unknown[], patch: Json[]): unknown[] {
  const mergeKey = MERGE_KEYS[key];
  if (!mergeKey || !patch.every(isObject)) return patch.filter((p) => !(isObject(p) && p.$patch !== undefined));
  const out = target.map((t) => structuredClone(t));
  for (const item of patch as Record<string, Json>[]) {
    if (item.$patch === 'replace') return patch.filter((p) => isObject(p) && p.$patch === undefined);
    const idx = out.findIndex((t) => isObject(t) && t[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item);
    else out.push(strategicMergePatch({}, item));
  }
  return out;
}

/**
 * Strategic merge patch for built-in kinds: a merge patch whose known lists merge by key,
 * with the `$patch`, `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…`
 * directives kubectl sends.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x as Json));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, Array.isArray(out[k]) ? (out[k] as unknown[]) : [], v);
    else if (isObject(v)) {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

/**
 * Server-side apply, simplified: the applied configuration is merged into the live object
 * (lists replaced), without field-manager ownership tracking.
 */
export function applyPatch(target: unknown, applied: unknown): unknown {
  if (!isObject(applied)) return structuredClone(applied);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(applied)) out[k] = isObject(v) ? applyPatch(out[k], v) : structuredClone(v);
  return out;
}

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** 415 as kube-apiserver answers a patch type the resource does not support. */
export function unsupportedPatch(builtin: boolean): StatusError {
  const types = [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply, ...(builtin ? [PATCH_TYPES.strategic] : [])];
  return new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`);
}
