'use client';
/** Honest state when the console has no cluster configured or none answered yet. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../ui/empty-state';
import { IconServer } from '../ui/icons';

export function NoCluster() {
  const { t } = useTranslation('shell');
  return (
    <div data-testid="no-cluster">
      <EmptyState icon={<IconServer width={24} height={24} />} title={t('noCluster.title')}>
        <p>{t('noCluster.body')}</p>
        <p className="mt-2">{t('noCluster.hint')}</p>
      </EmptyState>
    </div>
  );
}
