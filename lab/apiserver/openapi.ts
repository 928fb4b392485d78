import { createHash } from 'node:crypto';
import { kindsIn, servedGroups, type KindDef } from '../kinds/registry';
import { definitions } from '../schemas/index';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON */

const PATCH_CONTENT = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const QUERY = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

export function schemaName(def: KindDef, version: string): string {
  return def.swagger ? def.swagger.definition : `io.k8s.lab.${def.group || 'core'}.${version}.${def.kind}`;
}

function operations(def: KindDef, version: string, item: boolean) {
  const gvk = { group: def.group, version, kind: def.kind };
  const ref = { $ref: `#/components/schemas/${schemaName(def, version)}` };
  const response = { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } };
  const write = { 'x-kubernetes-group-version-kind': gvk, parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')], responses: response };
  const ops: Record<string, unknown> = { get: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': item ? 'get' : 'list', responses: response } };
  if (!item) {
    ops.post = { ...write, 'x-kubernetes-action': 'post', requestBody: { content: { '*/*': { schema: ref } } } };
    return ops;
  }
  const patchTypes = def.builtin ? [...PATCH_CONTENT, 'application/strategic-merge-patch+json'] : PATCH_CONTENT;
  ops.put = { ...write, 'x-kubernetes-action': 'put', requestBody: { content: { '*/*': { schema: ref } } } };
  ops.patch = {
    ...write, 'x-kubernetes-action': 'patch', parameters: [...write.parameters, QUERY('force')],
    requestBody: { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: { type: 'object' } }])) },
  };
  ops.delete = { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'delete', responses: response };
  return ops;
}

function paths(def: KindDef, version: string): Record<string, unknown> {
  const base = def.group ? `/apis/${def.group}/${version}` : `/api/${version}`;
  const coll = def.namespaced ? `${base}/namespaces/{namespace}/${def.resource}` : `${base}/${def.resource}`;
  const nsParam = def.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : [];
  const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
  return {
    [coll]: { ...operations(def, version, false), parameters: nsParam },
    [`${coll}/{name}`]: { ...operations(def, version, true), parameters: [...nsParam, nameParam] },
  };
}

function rewriteRefs(value: any, prefix: string): any {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', prefix) : rewriteRefs(v, prefix);
    return out;
  }
  return value;
}

/** Every schema the kinds of one version need, refs under `prefix` (v3 `#/components/schemas/`, v2 `#/definitions/`). */
export function schemas(kinds: KindDef[], version: string, prefix = '#/components/schemas/'): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const def of kinds) {
    const gvk = [{ group: def.group, version, kind: def.kind }];
    const defs = def.swagger ? definitions(def.swagger.file) : null;
    if (def.swagger && defs?.[def.swagger.definition]) {
      for (const [name, schema] of Object.entries(defs)) out[name] ??= rewriteRefs(schema, prefix);
      out[def.swagger.definition] = { ...out[def.swagger.definition], 'x-kubernetes-group-version-kind': gvk };
      continue;
    }
    out[schemaName(def, version)] = {
      type: 'object', description: `${def.kind} (${def.group || 'core'}/${version}), served by the edge lab.`,
      properties: {
        apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
        kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
        metadata: { type: 'object', description: 'Standard object metadata.', 'x-kubernetes-preserve-unknown-fields': true },
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': gvk,
    };
  }
  return out;
}

interface Doc {
  text: string;
  hash: string;
}

const cache = new Map<string, Doc>();

/** The OpenAPI v3 document of one group/version (`api/v1`, `apis/kubevirt.io/v1`), or undefined. */
export function openApiDoc(key: string): Doc | undefined {
  const hit = cache.get(key);
  if (hit) return hit;
  const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(key);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3] ?? '';
  const kinds = kindsIn(group, version);
  if (!kinds.length) return undefined;
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths: Object.assign({}, ...kinds.map((k) => paths(k, version))),
    components: { schemas: schemas(kinds, version) },
  };
  const text = JSON.stringify(doc);
  const out = { text, hash: createHash('sha512').update(text).digest('hex').slice(0, 64).toUpperCase() };
  cache.set(key, out);
  return out;
}

/** `/openapi/v3`: one entry per served group/version with a content hash. */
export function openApiRoot(): { paths: Record<string, { serverRelativeURL: string }> } {
  const out: Record<string, { serverRelativeURL: string }> = {};
  for (const g of servedGroups()) {
    for (const v of g.versions) {
      const key = g.name ? `apis/${g.name}/${v}` : `api/${v}`;
      const doc = openApiDoc(key);
      if (doc) out[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
    }
  }
  return { paths: out };
}
