'use client';
/** A NAD's type in words: "bridge br1, VLAN 100", "macvlan on eth1", "SR-IOV …", "OVN localnet …". */
import { useTranslation } from 'react-i18next';
import type { NadSummary } from '@/lib/network/nad-config';

export function NadType({ s }: { s: NadSummary }) {
  const { t } = useTranslation('network');
  const vlan = s.vlan !== undefined ? t('page.vlan', { vlan: s.vlan }) : '';
  let text: string;
  if (s.kind === 'bridge') text = t('page.type.bridge', { bridge: s.bridge ?? '?' });
  else if (s.kind === 'macvlan') text = t('page.type.macvlan', { master: s.master ?? '?' });
  else if (s.kind === 'sriov') text = t('page.type.sriov', { resource: s.resourceName ?? '?' });
  else if (s.kind === 'localnet') text = t('page.type.localnet', { network: s.physicalNetwork ?? '?' });
  else if (s.kind === 'invalid') text = t('page.type.invalid', { error: s.error ?? '' });
  else text = s.cniType ?? '?';
  return (
    <span
      data-nad-kind={s.kind}
      className={s.kind === 'invalid' ? 'text-red-700 dark:text-red-400' : undefined}
    >
      {text}
      {vlan && `, ${vlan}`}
    </span>
  );
}
