import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KINDS } from '../../lab/kinds/registry';
import { swaggerName } from '../../lab/schemas/generate';
import { definitions, type SchemaFile } from '../../lab/schemas/index';
import { hasReference, referenceDir } from '../support/kubevirt-reference';
import { NEWER_UPSTREAM, OLDER_PACKAGE } from './schema-skew';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

/**
 * The oracle: the schemas the lab derives from `@kubevirt-ui-ext/kubevirt-api` (lab/schemas)
 * against upstream's swagger in ../shared/kubevirt-reference. Every field both know must have
 * the same type, enum and requiredness; fields only one side knows are the version skew
 * between the package and the reference snapshot, listed by name in schema-skew.ts.
 */
const FILES: Record<'kubevirt' | 'cdi', string> = {
  kubevirt: 'kubevirt-swagger.json',
  cdi: 'cdi-swagger.json',
};
const runOracle = hasReference() || process.env.CI === 'true';
if (!runOracle)
  console.warn(
    'schema oracle NOT RUN: ../shared/kubevirt-reference is absent (CI=true makes it fail instead)',
  );

/** `k8s.io.api.core.v1.Affinity` → the name the lab gives it (via the TypeScript name). */
const labName = (ref: string) =>
  swaggerName(
    ref
      .split('.')
      .map((s) => (s[0] ?? '').toUpperCase() + s.slice(1))
      .join(''),
  );
const refName = (s: any): string | undefined =>
  typeof s?.$ref === 'string' ? s.$ref.replace('#/definitions/', '') : undefined;

/** A comparable word for a property schema; refs resolve through `defs`, names through `rename`. */
function shape(s: any, defs: Record<string, any>, rename: (n: string) => string): string {
  const name = refName(s);
  const t = name ? defs[name] : s;
  if (!t) return `missing:${name}`;
  // Quantities take numbers too (`cpu: 2`), whatever type a swagger document wrote for them.
  if (/(^|\.)(Quantity|IntOrString)$/.test(name ?? '') || t.format === 'int-or-string')
    return 'int-or-string';
  if (Array.isArray(t.type) && t.type.includes('integer') && t.type.includes('string'))
    return 'int-or-string';
  // Nullability is not compared: the API server drops a null it would not store (`creationTimestamp: null`).
  const types = Array.isArray(t.type) ? t.type.filter((x: string) => x !== 'null') : [];
  if (types.length === 1) return String(types[0]);
  if (types.length) return [...types].sort().join('|');
  if (t.enum) return `enum(${[...t.enum].sort().join(',')})`;
  if (t.type === 'array') return `array<${shape(t.items, defs, rename)}>`;
  if (t.additionalProperties && typeof t.additionalProperties === 'object')
    return `map<${shape(t.additionalProperties, defs, rename)}>`;
  if (name && t.properties && Object.keys(t.properties).length) return `ref:${rename(name)}`;
  if (t.type === 'object' || t.properties || (!t.type && !t.$ref)) return 'object';
  return String(t.type);
}

function reachable(defs: Record<string, any>, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || !defs[n]) return;
    seen.add(n);
    JSON.stringify(
      defs[n],
      (k, v: unknown) => (k === '$ref' && typeof v === 'string' && visit(v.replace('#/definitions/', '')), v),
    );
  };
  roots.forEach(visit);
  return [...seen].sort();
}

function differences(file: 'kubevirt' | 'cdi'): string[] {
  const ref = JSON.parse(readFileSync(join(referenceDir(), FILES[file]), 'utf8')).definitions as Record<
    string,
    any
  >;
  const lab = definitions(file);
  const roots = KINDS.filter((k) => k.swagger?.file === file).map((k) => k.swagger?.definition ?? '');
  const out: string[] = [];
  for (const name of reachable(ref, roots)) {
    const r = ref[name];
    if (!r.properties || !Object.keys(r.properties).length) continue; // scalars and empty structs are inlined
    const l = lab[labName(name)];
    if (!l) {
      out.push(`type ${name}`);
      continue;
    }
    for (const [p, ps] of Object.entries<any>(r.properties)) {
      if (!l.properties?.[p]) out.push(`field ${name}.${p}`);
      else {
        const a = shape(ps, ref, labName);
        const b = shape(l.properties[p], lab, (n) => n);
        if (a !== b) out.push(`shape ${name}.${p}: ${a} ≠ ${b}`);
      }
    }
    for (const p of Object.keys(l.properties ?? {})) if (!r.properties[p]) out.push(`extra ${name}.${p}`);
    const req = (x: any) => [...(x.required ?? [])].sort().join(',');
    if (req(r) !== req(l)) out.push(`required ${name}: ${req(r)} ≠ ${req(l)}`);
  }
  return out;
}

describe.runIf(runOracle)('lab schemas against upstream swagger', () => {
  for (const file of ['kubevirt', 'cdi'] as const) {
    it(`${file}: every field both know agrees; the rest is the listed version skew`, () => {
      const diffs = differences(file);
      const skew = new Set([...NEWER_UPSTREAM[file], ...OLDER_PACKAGE[file]]);
      expect(diffs.filter((d) => !skew.has(d))).toEqual([]);
      expect([...skew].filter((d) => !diffs.includes(d))).toEqual([]); // a skew entry that is gone must leave the list
    });
  }

  it('nad: spec.config is a string, as in the CRD', () => {
    const crd = parse(readFileSync(join(referenceDir(), 'nad-crd.yaml'), 'utf8'));
    const upstream = crd.spec.versions[0].schema.openAPIV3Schema;
    const lab = definitions('nad' satisfies SchemaFile).NetworkAttachmentDefinition;
    expect(lab.properties.spec.properties.config.type).toBe(upstream.properties.spec.properties.config.type);
    expect(Object.keys(lab.properties.spec.properties)).toEqual(
      Object.keys(upstream.properties.spec.properties),
    );
  });

  it('keeps the descriptions kubectl explain prints', () => {
    const vm = definitions('kubevirt')['v1.VirtualMachine'];
    const ref = JSON.parse(readFileSync(join(referenceDir(), FILES.kubevirt), 'utf8')).definitions[
      'v1.VirtualMachine'
    ];
    expect(vm.description).toBe(ref.description);
    expect(definitions('kubevirt')['v1.CPU'].properties.cores.description).toMatch(
      /^Cores specifies the number of cores inside the vmi/,
    );
  });
});
