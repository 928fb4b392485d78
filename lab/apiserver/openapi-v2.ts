import { createHash } from 'node:crypto';
import { kindsIn, servedGroups } from '../kinds/registry';
import { openApiDoc, schemas } from './openapi';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON */

/**
 * `/openapi/v2`: one Swagger 2.0 document for every served group/version, built from the v3
 * documents (the same schemas and operations). KubeVirt's and CDI's swagger share short names
 * (`v1.ResourceRequirements` is KubeVirt's own type in one, core's in the other), so CDI's
 * definitions are prefixed with their group, as kube-apiserver names CRD schemas.
 */
const PREFIX_OF_GROUP: Record<string, string> = {
  'cdi.kubevirt.io': 'io.kubevirt.cdi.',
  'upload.cdi.kubevirt.io': 'io.kubevirt.cdi.',
};

function v2Refs(value: any, prefix: string): any {
  if (Array.isArray(value)) return value.map((v) => v2Refs(v, prefix));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] =
        k === '$ref' && typeof v === 'string'
          ? v.replace(/^#\/(components\/schemas|definitions)\//, `#/definitions/${prefix}`)
          : v2Refs(v, prefix);
    return out;
  }
  return value;
}

/** A v3 operation as Swagger 2.0: body parameter, typed query parameters, response schemas. */
function v2Operation(op: any): any {
  const params = (op.parameters ?? []).map((p: any) => ({
    name: p.name,
    in: p.in,
    required: p.required,
    type: p.schema?.type ?? 'string',
    uniqueItems: p.schema?.uniqueItems,
  }));
  const body = op.requestBody?.content && Object.values<any>(op.requestBody.content)[0]?.schema;
  if (body) params.unshift({ name: 'body', in: 'body', required: true, schema: body });
  const responses = Object.fromEntries(
    Object.entries<any>(op.responses ?? {}).map(([code, r]) => [
      code,
      { description: r.description, schema: r.content?.['application/json']?.schema },
    ]),
  );
  const { requestBody: _body, parameters: _params, ...rest } = op;
  return {
    ...rest,
    consumes: ['application/json', 'application/yaml'],
    produces: ['application/json', 'application/yaml'],
    parameters: params,
    responses,
  };
}

let cached: { text: string; etag: string } | undefined;

export function openApiV2(): { text: string; etag: string } {
  if (cached) return cached;
  const paths: Record<string, any> = {};
  const definitions: Record<string, any> = {};
  for (const g of servedGroups()) {
    const prefix = PREFIX_OF_GROUP[g.name] ?? '';
    for (const version of g.versions) {
      const v3 = openApiDoc(g.name ? `apis/${g.name}/${version}` : `api/${version}`);
      if (!v3) continue;
      const doc = JSON.parse(v3.text);
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        const { parameters, ...ops } = item;
        paths[path] = {
          parameters: v2Operation({ parameters }).parameters,
          ...Object.fromEntries(Object.entries(ops).map(([m, op]) => [m, v2Refs(v2Operation(op), prefix)])),
        };
      }
      for (const [name, schema] of Object.entries<any>(
        v2Refs(schemas(kindsIn(g.name, version), version, '#/definitions/'), prefix),
      )) {
        const key = `${prefix}${name}`;
        const gvks = [
          ...(definitions[key]?.['x-kubernetes-group-version-kind'] ?? []),
          ...(schema['x-kubernetes-group-version-kind'] ?? []),
        ];
        definitions[key] = { ...schema, ...(gvks.length ? { 'x-kubernetes-group-version-kind': gvks } : {}) };
      }
    }
  }
  const text = JSON.stringify({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    definitions,
  });
  cached = { text, etag: createHash('sha512').update(text).digest('hex').slice(0, 64).toUpperCase() };
  return cached;
}
