import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SwaggerRef } from '../kinds/registry';
import { definitions } from '../schemas/index';
import type { StatusCause } from '../store/status-error';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validator(ref: SwaggerRef): ValidateFunction | undefined {
  const key = `${ref.file}#${ref.definition}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const defs = definitions(ref.file);
  if (!defs?.[ref.definition]) return undefined;
  ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false });
  if (!ajv.getSchema(ref.file)) ajv.addSchema({ $id: ref.file, definitions: defs });
  const fn = ajv.getSchema(`${ref.file}#/definitions/${ref.definition}`);
  if (fn) validators.set(key, fn);
  return fn;
}

function resolve(defs: Record<string, any>, schema: any): any {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) s = defs[String(s.$ref).replace('#/definitions/', '')];
  return s;
}

/**
 * Paths of fields the schema does not know (`spec.template.spec.foo`); with `prune`, removes
 * them. Paths in `keep` (unknown fields already stored) are neither reported nor removed.
 */
export function unknownFields(ref: SwaggerRef, obj: unknown, prune: boolean, keep?: ReadonlySet<string>): string[] {
  const defs = definitions(ref.file);
  const root = defs?.[ref.definition];
  if (!defs || !root) return [];
  const out: string[] = [];
  const walk = (schema: any, value: any, path: string, depth: number): void => {
    const s = resolve(defs, schema);
    if (!s || value === null || typeof value !== 'object' || depth > 64) return;
    if (Array.isArray(value)) {
      if (s.items) value.forEach((v, i) => walk(s.items, v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (s.properties) {
      for (const key of Object.keys(value)) {
        const child = path ? `${path}.${key}` : key;
        if (!path && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue; // every object's envelope, whatever its schema lists
        if (s.properties[key]) walk(s.properties[key], value[key], child, depth + 1);
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, value[key], child, depth + 1);
        else if (!s.additionalProperties && !s['x-kubernetes-preserve-unknown-fields']) {
          if (keep?.has(child)) continue;
          out.push(child);
          if (prune) delete value[key];
        }
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      for (const key of Object.keys(value)) walk(s.additionalProperties, value[key], path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(root, obj, '', 0);
  return out;
}

function fieldPath(instancePath: string): string {
  return instancePath.split('/').filter(Boolean).map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

function toCause(e: ErrorObject, obj: unknown): StatusCause {
  const field = fieldPath(e.instancePath);
  const value = e.instancePath.split('/').filter(Boolean).reduce<any>((v, k) => (v == null ? v : v[k]), obj);
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { reason: 'FieldValueRequired', message: 'Required value', field: field ? `${field}.${missing}` : missing };
    }
    case 'type': {
      const type = (e.params as { type: string | string[] }).type;
      const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
      return { reason: 'FieldValueTypeInvalid', message: `Invalid value: "${actual}": ${field} in body must be of type ${Array.isArray(type) ? type.join(',') : type}: "${actual}"`, field };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
      return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed}`, field };
    }
    default:
      return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${field} in body ${e.message ?? 'is invalid'}`, field };
  }
}

/** Structural validation against the kind's schema (lab/schemas); empty when valid. */
export function structuralErrors(ref: SwaggerRef, obj: unknown): StatusCause[] {
  const fn = validator(ref);
  if (!fn || fn(obj)) return [];
  const seen = new Set<string>();
  return (fn.errors ?? []).map((e) => toCause(e, obj)).filter((c) => {
    const k = `${c.field}|${c.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
