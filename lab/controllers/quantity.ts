import { parseQuantity as parseKubeQuantity } from '../../lib/k8s/quantity';

/**
 * Parses a Kubernetes resource.Quantity ("128Mi", "500m", "2", "1.5G", "1e3") into a plain
 * number (bytes, cores), with lib's parser. An absent quantity is 0; anything unparsable throws
 * with the apiserver's wording so bad specs surface instead of becoming 0.
 */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  try {
    return parseKubeQuantity(q);
  } catch {
    throw new Error(`quantities must match the regular expression: ${q}`);
  }
}

/** Like parseQuantity, but returns `fallback` for unparsable input (for status display only). */
export function quantityOr(q: string | number | undefined, fallback: number): number {
  try {
    return parseQuantity(q);
  } catch {
    return fallback;
  }
}
