/**
 * Maps a Kubernetes field path from a 422 cause (`spec.template.spec.domain.devices.disks[0].name`)
 * to the line of the YAML text that holds it, using the `yaml` package's source ranges, so the
 * editor can show the cluster's validation error next to the field the user typed.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

/** Splits `a.b[0].c["x.y"]` into ['a','b',0,'c','x.y']. */
export function parseFieldPath(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[["']?([^\]"']*)["']?\]/g;
  for (const m of field.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

export interface FieldLocation {
  /** 1-based line of the deepest node found along the path. */
  line: number;
  /** Whether the whole path was found (false = the line of the nearest existing parent). */
  exact: boolean;
}

function keyOf(k: unknown): unknown {
  return isScalar(k) ? k.value : k;
}

/**
 * Line of `field` in `text`. A path that does not exist yet (e.g. a required field left out)
 * points at its nearest parent; `undefined` when the text does not parse.
 */
export function lineOfField(text: string, field: string): FieldLocation | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false });
  if (doc.errors.length) return undefined;
  let node: unknown = doc.contents;
  let offset = 0;
  let exact = true;
  for (const seg of parseFieldPath(field)) {
    let next: YamlNode | undefined;
    let at: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === String(seg));
      if (pair) {
        at = (pair.key as YamlNode | null)?.range?.[0];
        next = pair.value as YamlNode | undefined;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg] as YamlNode | undefined;
      at = next?.range?.[0];
    }
    if (at === undefined) {
      exact = false;
      break;
    }
    offset = at;
    node = next;
  }
  return { line: lc.linePos(offset).line, exact };
}

export interface YamlParseProblem {
  message: string;
  line: number;
}

/** The first parse error of a YAML text, with its line, or undefined when it parses. */
export function yamlProblem(text: string): YamlParseProblem | undefined {
  const doc = parseDocument(text, { prettyErrors: true });
  const err = doc.errors[0];
  if (!err) return undefined;
  return { message: err.message.split('\n')[0] ?? err.message, line: err.linePos?.[0]?.line ?? 1 };
}
