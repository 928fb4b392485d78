const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * Parses a Kubernetes resource.Quantity ("128Mi", "500m", "2", "1.5G", "1e3") into a plain
 * number (bytes, cores). Throws on anything else so bad specs surface instead of becoming 0.
 */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([KMGTPE]i|[numkKMGTPE]?)$/.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression: ${q}`);
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  if (mult === undefined) throw new Error(`unknown quantity suffix in ${q}`);
  return n * mult;
}

/** Like parseQuantity, but returns `fallback` for unparsable input (for status display only). */
export function quantityOr(q: string | number | undefined, fallback: number): number {
  try {
    return parseQuantity(q);
  } catch {
    return fallback;
  }
}
