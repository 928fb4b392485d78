import { readFileSync } from 'node:fs';

/**
 * The wire name of every property whose TypeScript name differs, per generated interface:
 * openapi-generator escapes reserved words (`continue` → `_continue`) and lower-cases a leading
 * capital (`HTTPProxy` → `hTTPProxy`, `VSOCKCID` → `vSOCKCID`), so the declarations alone
 * cannot say what a manifest spells. The package's own `…FromJSONTyped` functions can: each
 * reads `json["wire"]` into `tsName`. Result: interface → (tsName → wire name).
 */
export function wireNames(jsFile: string): Map<string, Map<string, string>> {
  const js = readFileSync(jsFile, 'utf8');
  const fnToType = new Map(
    [...js.matchAll(/([\w$]+) as (\w+)FromJSONTyped\b/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  const out = new Map<string, Map<string, string>>();
  for (const m of js.matchAll(/function ([\w$]+)\(([\w$]+),[\w$]+\)\{return \2==null\?\2:\{/g)) {
    const type = fnToType.get(m[1] ?? '');
    if (!type) continue;
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    while (depth > 0 && i < js.length) {
      const c = js[i++];
      if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    const body = js.slice(start, i - 1);
    const e = (m[2] ?? '').replace(/\$/g, '\\$');
    const pair = new RegExp(
      `(?:^|,)([\\w$]+):(?:[\\w$]+\\(${e},"([^"]+)"\\)|[\\w$.]*\\(?${e}(?:\\.([\\w$]+)|\\["([^"]+)"\\]))`,
      'g',
    );
    for (const p of body.matchAll(pair)) {
      const ts = p[1] ?? '';
      const wire = p[2] ?? p[3] ?? p[4] ?? ts;
      if (wire === ts) continue;
      const names = out.get(type) ?? new Map<string, string>();
      names.set(ts, wire);
      out.set(type, names);
    }
  }
  return out;
}
