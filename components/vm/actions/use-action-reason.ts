'use client';
/** Why an action is disabled, in the user's language (reason keys live in `vm-details`). */
import { useTranslation } from 'react-i18next';

export interface ActionReason {
  reasonKey?: string;
  reasonParams?: Record<string, string>;
}

export function useActionReason(): (r: ActionReason) => string | undefined {
  const { t } = useTranslation('vm-details');
  return (r) => {
    if (!r.reasonKey) return undefined;
    const params = { ...(r.reasonParams ?? {}) };
    if (params.action) params.action = t(`verb.${params.action}`);
    return t(r.reasonKey, params);
  };
}
