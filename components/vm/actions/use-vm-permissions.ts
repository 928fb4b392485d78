'use client';
/**
 * The user's rights on one VM, asked of the apiserver with one SelfSubjectAccessReview per
 * action (`reviewPermission`).
 */
import { useQuery } from '@tanstack/react-query';
import { PERMISSION_KEYS } from '@/lib/vm/action-requests';
import type { VmPermissions } from '@/lib/vm/actions';
import { reviewPermission } from '@/lib/vm/send-action';

/** Query key of a VM's access reviews; invalidated on sign-in changes by the shell. */
export function vmPermissionKey(site: string, namespace: string, name: string): readonly unknown[] {
  return ['ssar', 'vm', site, namespace, name] as const;
}

/** Rights on one VM; `{}` (all unknown) until the reviews answer. */
export function useVmPermissions(site: string, namespace: string, name: string): VmPermissions {
  const q = useQuery({
    queryKey: vmPermissionKey(site, namespace, name),
    queryFn: async (): Promise<VmPermissions> => {
      const answers = await Promise.all(PERMISSION_KEYS.map((k) => reviewPermission(site, k, namespace, name)));
      return Object.fromEntries(PERMISSION_KEYS.map((k, i) => [k, answers[i] ?? true]));
    },
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
  return q.data ?? {};
}
