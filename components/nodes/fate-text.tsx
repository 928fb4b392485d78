'use client';
/** A VM's fate on a drain, in words and colour. */
import { useTranslation } from 'react-i18next';
import type { VmFate } from '@/lib/nodes/drain-preview';

const TONE: Record<VmFate['kind'], string> = {
  migrates: 'text-emerald-700 dark:text-emerald-400',
  restarts: 'text-amber-700 dark:text-amber-400',
  stops: 'text-red-700 dark:text-red-400',
  blocks: 'font-semibold text-red-700 dark:text-red-400',
};

export function FateText({ fate }: { fate: VmFate }) {
  const { t } = useTranslation('nodes');
  let text: string;
  if (fate.kind === 'migrates' || fate.kind === 'restarts') text = t(`fate.${fate.kind}`, { target: fate.target });
  else if (fate.kind === 'stops') text = t(`fate.stops.${fate.cause}`);
  else if (fate.cause === 'notLiveMigratable') text = t('fate.blocks.notLiveMigratable', { reason: fate.reason, message: fate.message });
  else if (fate.cause === 'budget') text = t('fate.blocks.budget', { budget: fate.budget, desired: fate.desired, healthy: fate.healthy });
  else text = t(`fate.blocks.${fate.cause}`);
  return <span className={TONE[fate.kind]}>{text}</span>;
}
