/**
 * Strict decoding of built-in kinds (Deployment, Service, NetworkPolicy, …) as kube-apiserver's
 * JSON decoder does it: an unknown field, or a value of the wrong JSON type, is refused with the
 * field's path. The field lists come from @kubernetes/client-node's generated models (one per
 * upstream type, with each field's JSON name and type), so the lab needs no schema of its own.
 */
import * as models from '@kubernetes/client-node';

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

type Model = { getAttributeTypeMap(): Attribute[] } | undefined;

function modelOf(name: string): Model {
  const m = (models as unknown as Record<string, unknown>)[name] as Model;
  return m && typeof m.getAttributeTypeMap === 'function' ? m : undefined;
}

export interface DecodeError {
  /** `unknown` (strict decoding) or `type` (the decoder cannot unmarshal the value). */
  kind: 'unknown' | 'type';
  /** kubectl's path: `spec.template.spec.containers[0].imagePullPolicy`. */
  field: string;
  /** For `type`: the Go struct holding the field, the JSON type given and the Go type wanted. */
  owner?: string;
  given?: string;
  wanted?: string;
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function goType(type: string, format: string): string {
  if (type === 'number') return format || 'int64';
  if (type === 'Date') return 'Time';
  if (ARRAY.test(type)) return `[]${goType(ARRAY.exec(type)?.[1] ?? '', '')}`;
  if (MAP.test(type)) return `map[string]${goType(MAP.exec(type)?.[1] ?? '', '')}`;
  return type.replace(/^V1(beta1)?/, '');
}

function checkValue(
  owner: string,
  type: string,
  format: string,
  value: unknown,
  path: string,
  out: DecodeError[],
): void {
  if (value === null || value === undefined || type === 'any') return;
  const given = jsonType(value);
  const wrong = (ok: boolean) => {
    if (!ok) out.push({ kind: 'type', field: path, owner, given, wanted: goType(type, format) });
    return !ok;
  };
  if (type === 'string' || type === 'Date') return void wrong(given === 'string');
  if (type === 'number') return void wrong(given === 'number');
  if (type === 'boolean') return void wrong(given === 'boolean');
  if (type === 'IntOrString') return void wrong(given === 'number' || given === 'string');
  const item = ARRAY.exec(type)?.[1];
  if (item !== undefined) {
    if (wrong(given === 'array')) return;
    (value as unknown[]).forEach((v, i) => checkValue(owner, item, '', v, `${path}[${i}]`, out));
    return;
  }
  const entry = MAP.exec(type)?.[1];
  if (entry !== undefined) {
    if (wrong(given === 'object')) return;
    for (const [k, v] of Object.entries(value as object))
      checkValue(owner, entry, '', v, `${path}.${k}`, out);
    return;
  }
  const model = modelOf(type);
  if (!model) return;
  if (wrong(given === 'object')) return;
  walk(type, model, value as Record<string, unknown>, path, out);
}

/** Checks one object's fields; unknown ones are reported and dropped, as the decoder drops them. */
function walk(
  name: string,
  model: NonNullable<Model>,
  obj: Record<string, unknown>,
  path: string,
  out: DecodeError[],
): void {
  const attrs = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a]));
  for (const [key, value] of Object.entries(obj)) {
    const field = path ? `${path}.${key}` : key;
    const a = attrs.get(key);
    if (a) checkValue(goType(name, ''), a.type, a.format, value, field, out);
    else {
      out.push({ kind: 'unknown', field });
      delete obj[key];
    }
  }
}

/**
 * Decoding errors of an object of a built-in type (`V1Deployment`), in document order; unknown
 * fields are removed from `obj`.
 */
export function decodeErrors(modelName: string, obj: unknown): DecodeError[] {
  const model = modelOf(modelName);
  if (!model || jsonType(obj) !== 'object') return [];
  const out: DecodeError[] = [];
  walk(modelName, model, obj as Record<string, unknown>, '', out);
  return out;
}
