/** Route params of the VM detail pages (Next passes them as a promise). */
export interface VmRouteParams {
  site: string;
  namespace: string;
  name: string;
  tab?: string;
}

/** Kubernetes names cannot contain `%`, so decoding an already-decoded segment is harmless. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
