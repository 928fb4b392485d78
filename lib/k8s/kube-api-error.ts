/**
 * A failed Kubernetes API call, carrying the apiserver's `Status`. Thrown, never returned:
 * callers show `message`, and `causes` next to the fields they name.
 */
import { failureStatus, type Status, type StatusCause } from './types';

export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly causes: StatusCause[];
  readonly status: Status;

  constructor(code: number, status: Status) {
    super(status.message || `request failed with HTTP ${code}`);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = status.reason ?? 'Unknown';
    this.causes = status.details?.causes ?? [];
    this.status = status;
  }

  /** Causes for one field path (e.g. `spec.template.spec.domain.memory.guest`). */
  causesFor(field: string): StatusCause[] {
    return this.causes.filter((c) => c.field === field || c.field?.startsWith(`${field}.`) || c.field?.startsWith(`${field}[`));
  }
}

/** A call that got no HTTP answer at all (code 0): an Error's message, or the text given. */
export function networkError(err: unknown): KubeApiError {
  return new KubeApiError(0, failureStatus(0, 'NetworkError', err instanceof Error ? err.message : String(err)));
}

/**
 * A failure worth retrying as it is: no answer at all (a WAN blip), too many requests, or a
 * gateway/availability error in front of the API server. Anything else is the server's answer.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeApiError)) return false;
  return (err.code === 0 && err.reason === 'NetworkError') || [429, 502, 503, 504].includes(err.code);
}

/** Any failure as a KubeApiError: one already is; anything else (bad YAML, a bug) is a code-0 'ClientError'. */
export function asKubeApiError(err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  return new KubeApiError(0, failureStatus(0, 'ClientError', err instanceof Error ? err.message : String(err)));
}

/** Builds a KubeApiError from a non-2xx response; tolerates non-Status bodies (proxies, HTML). */
export async function errorFromResponse(res: Response): Promise<KubeApiError> {
  const text = await res.text().catch(() => '');
  let body: Status | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Status;
  } catch {
    body = undefined;
  }
  if (body && body.kind === 'Status') return new KubeApiError(res.status, body);
  return new KubeApiError(res.status, {
    kind: 'Status',
    status: 'Failure',
    code: res.status,
    reason: res.statusText || 'Unknown',
    message: text.trim().slice(0, 500) || `HTTP ${res.status} ${res.statusText}`,
  });
}
