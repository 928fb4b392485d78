'use client';
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '@/components/ui/button';
import { vmConsole } from '@/lib/routes';
import { Section } from './detail-parts';

/** Where the VM's screen and serial console open (the console pages live on their own route). */
export function ConsoleTab({
  site,
  namespace,
  name,
  running,
}: {
  site: string;
  namespace: string;
  name: string;
  running: boolean;
}) {
  const { t } = useTranslation('vm-details');
  return (
    <Section title={t('common:noun.console')} testId="console-tab">
      <p className="text-[13px] text-slate-600 dark:text-slate-300">
        {running ? t('console.body') : t('console.notRunning')}
      </p>
      <div className="mt-3 flex gap-2">
        <Link href={vmConsole(site, namespace, name, 'vnc')} className={buttonClasses('primary')}>
          {t('console.vnc')}
        </Link>
        <Link href={vmConsole(site, namespace, name, 'serial')} className={buttonClasses('secondary')}>
          {t('console.serial')}
        </Link>
      </div>
    </Section>
  );
}
