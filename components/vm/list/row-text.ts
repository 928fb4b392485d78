'use client';
/**
 * The words every list row needs, looked up once per language and remembered. A virtual list
 * mounts a dozen rows per scrolled frame; an i18next lookup and a `useTranslation` subscription
 * per cell made translation a fifth of the scroll's script time.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusBadgeText } from '@/components/vm/status-badge';
import type { TimeParts } from '@/lib/i18n/time';
import { presentStatus } from '@/lib/vm/status';

export interface RowText {
  cpu(count: number): string;
  ipMore(count: number): string;
  age(parts: TimeParts): string;
  selectRow(name: string): string;
  status(status: string | undefined): StatusBadgeText;
}

/** Most names are looked up once per scroll; the cap bounds memory across a long session. */
const MAX_CACHED = 20_000;

function remember<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= MAX_CACHED) cache.clear();
      v = make(key);
      cache.set(key, v);
    }
    return v;
  };
}

/** Stable for one language: rows are memoized on it. */
export function useRowText(): RowText {
  const { t, i18n } = useTranslation(['vm-list', 'common']);
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const common = (key: string, opts?: Record<string, unknown>) => t(key, { ns: 'common', ...opts });
    const age = remember((k: string) => {
      const [key = '', count] = k.split('\n');
      return common(key, { count: Number(count) });
    });
    return {
      cpu: remember((count: number) => t('cpu', { count })),
      ipMore: remember((count: number) => t('ipMore', { count })),
      age: (parts) => age(`${parts.key}\n${parts.count}`),
      selectRow: remember((name: string) => t('bulk.selectRow', { name })),
      status: remember((status: string | undefined) => {
        const p = presentStatus(status);
        return {
          label: common(p.labelKey),
          explanation: () => common(p.explanationKey),
          staleShort: common('staleShort'),
          staleStatus: common('staleStatus'),
        };
      }),
    };
    // lng: t is bound to the language, but be explicit that a switch rebuilds the cache.
  }, [t, lng]);
}
