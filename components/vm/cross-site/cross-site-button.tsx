'use client';
/** "Move to another site" on the VM page: shown while the VM's instance runs; opens the wizard. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { IconMigrate } from '@/components/ui/icons';
import type { VirtualMachine } from '@/lib/k8s/resources/virtual-machine';
import type { VirtualMachineInstance } from '@/lib/k8s/resources/virtual-machine-instance';
import { CrossSiteWizard } from './cross-site-wizard';

export function CrossSiteButton({
  site,
  vm,
  vmi,
}: {
  site: string;
  vm: VirtualMachine;
  vmi: VirtualMachineInstance | undefined;
}) {
  const { t } = useTranslation('cross-site');
  const [open, setOpen] = useState(false);
  if (vmi?.status?.phase !== 'Running') return null;
  return (
    <>
      <Button data-testid="xsite-open" onClick={() => setOpen(true)}>
        <IconMigrate width={14} height={14} />
        {t('button')}
      </Button>
      {open && <CrossSiteWizard site={site} vm={vm} onClose={() => setOpen(false)} />}
    </>
  );
}
