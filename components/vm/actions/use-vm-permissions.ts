'use client';
/**
 * The user's rights on one VM, asked of the apiserver with one SelfSubjectAccessReview per
 * action. A review that fails (network, proxy) counts as allowed: the apiserver still decides
 * when the action is sent, and its refusal is shown in words.
 */
import { useQuery } from '@tanstack/react-query';
import { k8sJson } from '@/lib/k8s/client';
import { ACCESS_REVIEW_PATH, accessReviewBody, type AccessReviewAnswer } from '@/lib/k8s/resources/access-review';
import { permissionAttributes, PERMISSION_KEYS } from '@/lib/vm/action-requests';
import type { VmPermissionKey, VmPermissions } from '@/lib/vm/actions';

async function review(site: string, key: VmPermissionKey, namespace: string, name: string): Promise<boolean> {
  try {
    const answer = await k8sJson<AccessReviewAnswer>(site, ACCESS_REVIEW_PATH, {
      method: 'POST',
      body: accessReviewBody(permissionAttributes(key, namespace, name)),
    });
    return answer?.status?.allowed === true;
  } catch {
    return true;
  }
}

/** Query key of a VM's access reviews; invalidated on sign-in changes by the shell. */
export function vmPermissionKey(site: string, namespace: string, name: string): readonly unknown[] {
  return ['ssar', 'vm', site, namespace, name] as const;
}

/** Rights on one VM; `{}` (all unknown) until the reviews answer. */
export function useVmPermissions(site: string, namespace: string, name: string): VmPermissions {
  const q = useQuery({
    queryKey: vmPermissionKey(site, namespace, name),
    queryFn: async (): Promise<VmPermissions> => {
      const answers = await Promise.all(PERMISSION_KEYS.map((k) => review(site, k, namespace, name)));
      return Object.fromEntries(PERMISSION_KEYS.map((k, i) => [k, answers[i] ?? true]));
    },
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
  return q.data ?? {};
}
