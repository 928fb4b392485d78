import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDefinitions, SOURCES, type SchemaSource } from './generate';
import { NAD_DEFINITIONS } from './nad';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON schema documents are untyped */

export type SchemaFile = SchemaSource | 'nad';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'edgevirt-lab-schemas');

/** Changes when the package, the generator or the derivation changes. */
function cacheKey(): string {
  const versions = ['@kubevirt-ui-ext/kubevirt-api', 'ts-json-schema-generator'].map((p) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as {
      version: string;
    };
    return `${p}@${pkg.version}`;
  });
  const code = ['generate.ts', 'json-names.ts', 'newer-fields.ts'].map((f) =>
    readFileSync(fileURLToPath(new URL(f, import.meta.url)), 'utf8'),
  );
  return createHash('sha256')
    .update([...versions, ...code].join('\0'))
    .digest('hex')
    .slice(0, 16);
}

let key: string | undefined;

/** The cached definitions of one source, generated (and written atomically) on the first use. */
function load(source: SchemaSource): Record<string, any> {
  key ??= cacheKey();
  const file = join(CACHE_DIR, `${source}-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  const defs = generateDefinitions(source, CACHE_DIR);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(defs));
  renameSync(tmp, file);
  return defs;
}

const docs = new Map<SchemaFile, Record<string, any>>();

/**
 * Swagger `definitions` of one schema set: KubeVirt's and CDI's derived from
 * `@kubevirt-ui-ext/kubevirt-api` (see generate.ts), the NetworkAttachmentDefinition's from nad.ts.
 */
export function definitions(file: SchemaFile): Record<string, any> {
  const hit = docs.get(file);
  if (hit) return hit;
  const defs = file === 'nad' ? NAD_DEFINITIONS : load(file);
  docs.set(file, defs);
  return defs;
}

/** Generates every schema set now (install time, lab start) so no request waits for it. */
export function prepareSchemas(): void {
  for (const source of Object.keys(SOURCES) as SchemaSource[]) definitions(source);
}
