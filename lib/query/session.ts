'use client';
/** The BFF session (`GET /api/session`), shared through react-query. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { setCsrfTokenSource } from '../k8s/client';
import { SESSION_API, type SessionInfo, type SignedIn, type SignedOut, type TokenSignInRequest } from '../api/session';
import { errorFromResponse } from '../k8s/kube-api-error';

export const sessionKey = ['api', 'session'] as const;

/** Fetches the session; 401 is an answer ("signed out"), any other failure is thrown. */
export async function fetchSession(fetchImpl: typeof fetch = fetch): Promise<SessionInfo> {
  const res = await fetchImpl(SESSION_API.session, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) {
    const body = (await res.json().catch(() => ({}))) as Partial<SignedOut>;
    return { authenticated: false, mode: body.mode, signIn: body.signIn };
  }
  if (!res.ok) throw await errorFromResponse(res);
  const body = (await res.json()) as SignedIn | SignedOut;
  if (body.authenticated === false) return { authenticated: false };
  return { ...body, authenticated: true };
}

/** Current session; also makes mutations use its CSRF token. */
export function useSession() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: sessionKey, queryFn: () => fetchSession(), staleTime: 60_000 });
  useEffect(() => {
    setCsrfTokenSource(async () => {
      const s = await client.fetchQuery({ queryKey: sessionKey, queryFn: () => fetchSession(), staleTime: 60_000 });
      if (!s.authenticated) throw new Error('signed out');
      return s.csrfToken;
    });
  }, [client]);
  return query;
}

/** Token mode: the cluster checks the bearer token and the BFF keeps it in the session. */
export async function signInWithToken(token: string): Promise<void> {
  const res = await fetch(SESSION_API.tokenSignIn, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token } satisfies TokenSignInRequest),
  });
  if (!res.ok) throw await errorFromResponse(res);
}

/** Signs out at the BFF and forgets every cached answer. */
export async function signOut(csrfToken: string | undefined): Promise<void> {
  const res = await fetch(SESSION_API.signOut, {
    method: 'POST',
    credentials: 'same-origin',
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
  });
  if (!res.ok && res.status !== 401) throw await errorFromResponse(res);
}
