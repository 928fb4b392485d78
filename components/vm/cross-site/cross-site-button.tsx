'use client';
/** "Move to another site" on the VM page: shown while the VM's instance runs; opens the wizard. */
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { IconMigrate } from '@/components/ui/icons';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';

export function CrossSiteButton({ vmi, onOpen }: { vmi: VirtualMachineInstance | undefined; onOpen: () => void }) {
  const { t } = useTranslation('cross-site');
  if (vmi?.status?.phase !== 'Running') return null;
  return (
    <Button data-testid="xsite-open" onClick={onOpen}>
      <IconMigrate width={14} height={14} />
      {t('button')}
    </Button>
  );
}
