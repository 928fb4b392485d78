import { QueryClient } from '@tanstack/react-query';
import { KubeApiError } from '../k8s/kube-api-error';

/** Client errors (4xx) are answers, not glitches: retrying them only delays the message. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof KubeApiError && error.code >= 400 && error.code < 500) return false;
  return failureCount < 2;
}

/** The app's react-query client; one per browser tab (and one per server render). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}
