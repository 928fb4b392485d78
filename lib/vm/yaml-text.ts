/**
 * The text a user edits for an object: YAML without server bookkeeping that cannot be changed
 * through a PUT (`status`, `managedFields`), and the way back with a located parse error.
 */
import { parseDocument, stringify } from 'yaml';
import { yamlProblem, type YamlParseProblem } from './yaml-field-lines';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** YAML for the editor. */
export function toEditableYaml(obj: Json): string {
  const copy: Json = JSON.parse(JSON.stringify(obj ?? {}));
  delete copy.status;
  if (copy.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { lineWidth: 0 });
}

export type ParsedEdit = { ok: true; object: Json } | { ok: false; problem: YamlParseProblem };

/** Parses edited text; an error keeps its line so the editor can mark it. */
export function parseEditedYaml(text: string): ParsedEdit {
  const problem = yamlProblem(text);
  if (problem) return { ok: false, problem };
  const value: unknown = parseDocument(text).toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: { message: 'The document must be a mapping (an object).', line: 1 } };
  return { ok: true, object: value };
}
