/** Route params of the console pages (Next passes them as a promise). */
export interface ConsoleRouteParams {
  site: string;
  namespace: string;
  name: string;
  kind?: string;
}

/** Kubernetes names cannot contain `%`, so decoding an already-decoded segment is harmless. */
export function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
