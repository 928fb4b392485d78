import type { StatusCause } from '../store/status-error';
import type { KubeObject } from '../store/types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const invalid = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  field,
});

/** apimachinery's IsDNS1123Subdomain / IsDNS1123Label messages. */
export function validateName(name: string, label: boolean, field = 'metadata.name'): StatusCause[] {
  if (label) {
    if (name.length > 63) return [invalid(field, name, 'must be no more than 63 characters')];
    if (!DNS1123_LABEL.test(name)) {
      return [invalid(field, name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")];
    }
    return [];
  }
  if (name.length > 253) return [invalid(field, name, 'must be no more than 253 characters')];
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return [invalid(field, name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")];
  }
  return [];
}

function validateKey(key: string, field: string): StatusCause[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const out: StatusCause[] = [];
  if (slash >= 0) out.push(...validateName(prefix, false, field).map((c) => ({ ...c, message: (c.message ?? "").replace(JSON.stringify(prefix), JSON.stringify(key)) })));
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    out.push(invalid(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }
  return out;
}

/** ObjectMeta checks shared by every kind: name format, labels, annotations, finalizers. */
export function validateMeta(obj: KubeObject, nameIsLabel: boolean, checkName: boolean): StatusCause[] {
  const m = obj.metadata;
  const causes: StatusCause[] = [];
  if (checkName && m.name) causes.push(...validateName(m.name, nameIsLabel));
  if (checkName && !m.name && m.generateName) {
    causes.push(...validateName(m.generateName.replace(/-$/, 'x'), nameIsLabel, 'metadata.generateName'));
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    causes.push(...validateKey(k, 'metadata.labels'));
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push(invalid('metadata.labels', v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
    }
  }
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    causes.push(...validateKey(k, 'metadata.annotations'));
    if (typeof v !== 'string') causes.push(invalid(`metadata.annotations[${k}]`, v, 'must be a string'));
  }
  const total = Object.entries(m.annotations ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  if (total > 256 * 1024) causes.push({ reason: 'FieldValueTooLong', message: `Too long: must have at most 262144 bytes`, field: 'metadata.annotations' });
  for (const [i, f] of (m.finalizers ?? []).entries()) {
    if (typeof f !== 'string' || !f.includes('/') && !f.startsWith('kubernetes')) {
      if (typeof f !== 'string' || !QUALIFIED_NAME.test(f.split('/').pop() ?? '')) causes.push(invalid(`metadata.finalizers[${i}]`, f, 'name part must consist of alphanumeric characters'));
    }
  }
  return causes;
}
