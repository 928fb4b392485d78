/**
 * The text a user edits for an object: YAML without server bookkeeping that cannot be changed
 * through a PUT (`status`, `managedFields`), and the way back with a located parse error.
 */
import { parseDocument, stringify } from 'yaml';
import { yamlProblem, type YamlParseProblem } from './yaml-field-lines';

import type { KubeObject } from '../k8s/types';

/** YAML for the editor. */
export function toEditableYaml(obj: object | undefined): string {
  const copy: { status?: unknown; metadata?: { managedFields?: unknown } } = JSON.parse(JSON.stringify(obj ?? {}));
  delete copy.status;
  if (copy.metadata) delete copy.metadata.managedFields;
  return stringify(copy, { lineWidth: 0 });
}

export type ParsedEdit<T> = { ok: true; object: T } | { ok: false; problem: YamlParseProblem };

/**
 * Parses edited text; an error keeps its line so the editor can mark it. The mapping is taken
 * as a `T` without checking its fields: the apiserver validates it, and the readers of the
 * form never trust a shape they have not checked.
 */
export function parseEditedYaml<T extends object = KubeObject>(text: string): ParsedEdit<T> {
  const problem = yamlProblem(text);
  if (problem) return { ok: false, problem };
  const value: unknown = parseDocument(text).toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: { message: 'The document must be a mapping (an object).', line: 1 } };
  return { ok: true, object: value as T };
}
