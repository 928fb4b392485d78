import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { wireNames } from './json-names';
import { NEWER_FIELDS } from './newer-fields';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

/** Schema sets the lab derives from `@kubevirt-ui-ext/kubevirt-api` (KubeVirt's and CDI's API types). */
export const SOURCES = { kubevirt: 'kubevirt', cdi: 'containerized-data-importer' } as const;
export type SchemaSource = keyof typeof SOURCES;

const require = createRequire(import.meta.url);

/** The folder of one entry point of the package (`dist/<entry>/`: index.d.ts and index.js). */
export function entryDir(source: SchemaSource): string {
  return dirname(require.resolve(`@kubevirt-ui-ext/kubevirt-api/${SOURCES[source]}`));
}

/**
 * `K8sIoApiCoreV1Affinity` → `k8s.io.api.core.v1.Affinity`, `V1beta1DataVolume` →
 * `v1beta1.DataVolume`: the swagger names the generated TypeScript names were made from
 * (each dotted segment capitalised and joined). Names with no version segment stay as they are.
 */
export function swaggerName(tsName: string): string {
  const m = /^((?:[A-Z][a-z0-9]*)*?)(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(tsName);
  if (!m) return tsName;
  const pkg = (m[1] ?? '')
    .split(/(?=[A-Z])/)
    .filter(Boolean)
    .map((s) => s.toLowerCase());
  return [...pkg, (m[2] ?? '').toLowerCase(), m[3]].join('.');
}

/*
 * What the TypeScript generation lost, restored by the API conventions (the oracle test checks
 * the result against upstream's swagger where a copy is present, tests/support/kubevirt-reference.ts):
 * - every integer became `number`; the conventions forbid floats but in these two fields;
 * - `resource.Quantity` and `intstr.IntOrString` were inlined as `string`, keeping only their
 *   description, and a ResourceList (`requests`, `limits`, `capacity`) became a map of strings;
 * - properties of more than one type were dropped: the nullable timestamps of KubeVirt's
 *   conditions (`[string, null]`) and the probe ports (`[string, number]`); the nullable
 *   `metadata.creationTimestamp` (`kubectl create --dry-run -o yaml` writes `null`) became a string.
 */
const FLOAT_FIELDS = new Set([
  'v1.TokenBucketRateLimiter.qps',
  'v1.VirtualMachineInstanceGuestOSUser.loginTime',
]);
const RESOURCE_LISTS = new Set(['requests', 'limits', 'capacity', 'allocatable']);
const intOrString = (description?: string) => ({
  ...(description ? { description } : {}),
  type: ['string', 'integer', 'number'],
});
const DROPPED_PORTS = ['k8s.io.api.core.v1.HTTPGetAction', 'k8s.io.api.core.v1.TCPSocketAction'];
const PORT =
  'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.';

function isQuantityLike(s: any): boolean {
  return (
    s?.type === 'string' &&
    typeof s.description === 'string' &&
    /^(Quantity is a fixed-point|IntOrString is a type)/.test(s.description)
  );
}

function fixProperty(owner: string, key: string, s: any): any {
  if (isQuantityLike(s)) return intOrString(s.description);
  if (RESOURCE_LISTS.has(key) && s?.type === 'object' && s.additionalProperties?.type === 'string')
    return { ...s, additionalProperties: intOrString() };
  return fixSchema(s, FLOAT_FIELDS.has(`${owner}.${key}`));
}

/** Rewrites refs to swagger names, drops closed-object markers, restores integers and quantities. */
function fixSchema(s: any, float = false, owner = ''): any {
  if (Array.isArray(s)) return s.map((x) => fixSchema(x));
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string')
      out.$ref = `#/definitions/${swaggerName(decodeURIComponent(v.replace('#/definitions/', '')))}`;
    else if (k === 'additionalProperties' && v === false)
      continue; // unknown fields are fieldValidation's business, as in kube-apiserver
    else if (k === 'type' && v === 'number' && !float) out.type = 'integer';
    else if (k === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(v as object).map(([p, ps]) => [p, fixProperty(owner, p, ps)]),
      );
    else out[k] = typeof v === 'object' ? fixSchema(v) : v;
  }
  return out;
}

/** Puts back the wire names of renamed properties (`_continue` → `continue`). */
function rename(schema: any, names: Map<string, string> | undefined): any {
  if (!names || !schema.properties) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([k, v]) => [names.get(k) ?? k, v]),
  );
  const required = schema.required?.map((k: string) => names.get(k) ?? k);
  return { ...schema, properties, ...(required ? { required } : {}) };
}

function restoreDropped(name: string, schema: any): any {
  const props = schema.properties;
  if (!props) return schema;
  if (
    /Condition$/.test(name) &&
    props.type &&
    props.status &&
    !props.lastTransitionTime &&
    !props.lastHeartbeatTime
  ) {
    return {
      ...schema,
      properties: {
        ...props,
        lastProbeTime: { type: ['string', 'null'] },
        lastTransitionTime: { type: ['string', 'null'] },
      },
    };
  }
  if (name.endsWith('.ObjectMeta') && props.creationTimestamp?.type === 'string') {
    return {
      ...schema,
      properties: { ...props, creationTimestamp: { ...props.creationTimestamp, type: ['string', 'null'] } },
    };
  }
  if (DROPPED_PORTS.includes(name) && !props.port) {
    return {
      ...schema,
      required: [...(schema.required ?? []), 'port'],
      properties: { ...props, port: { description: PORT, type: ['string', 'number'] } },
    };
  }
  return schema;
}

/**
 * A module naming every API model of the package (the interfaces with a version segment and a
 * JSON converter), so the generator walks those and what they refer to, not the HTTP client's
 * own types or its request parameters.
 */
function rootsModule(dir: string, workDir: string): string {
  const dts = join(dir, 'index.d.ts');
  const models = new Set(
    [...readFileSync(join(dir, 'index.js'), 'utf8').matchAll(/ as (\w+)FromJSONTyped\b/g)].map((m) => m[1]),
  );
  const roots = [...readFileSync(dts, 'utf8').matchAll(/^interface (\w+)/gm)]
    .map((m) => m[1] ?? '')
    .filter((n) => models.has(n) && swaggerName(n) !== n);
  const file = join(workDir, `roots-${basename(dir)}.ts`);
  const from = JSON.stringify(dts.replace(/\.d\.ts$/, ''));
  writeFileSync(
    file,
    `import type { ${roots.join(', ')} } from ${from};\nexport interface Roots {\n${roots.map((r) => `  ${r}: ${r};`).join('\n')}\n}\n`,
  );
  return file;
}

/**
 * Swagger-style `definitions` (`v1.VirtualMachine`, `k8s.io.api.core.v1.Affinity`) generated
 * from the package's declarations by ts-json-schema-generator; `workDir` holds the generator's
 * input. Takes seconds: callers cache.
 */
export function generateDefinitions(source: SchemaSource, workDir: string): Record<string, any> {
  const dir = entryDir(source);
  mkdirSync(workDir, { recursive: true });
  const generator = createGenerator({
    path: rootsModule(dir, workDir),
    type: 'Roots',
    expose: 'all',
    topRef: false,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  });
  const { Roots: _roots, ...defs } = generator.createSchema('Roots').definitions ?? {};
  const names = wireNames(join(dir, 'index.js'));
  const out: Record<string, any> = {};
  for (const [tsName, schema] of Object.entries(defs)) {
    const name = swaggerName(decodeURIComponent(tsName));
    out[name] = restoreDropped(name, fixSchema(rename(schema, names.get(tsName)), false, name));
  }
  for (const [name, props] of Object.entries(NEWER_FIELDS[source])) {
    if (out[name]) out[name] = { ...out[name], properties: { ...out[name].properties, ...props } };
  }
  return out;
}
