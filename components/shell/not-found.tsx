'use client';
import Link from 'next/link';
import { useTranslation } from 'react-i18next';
import { routes } from '@/lib/routes';
import { buttonClasses } from '../ui/button';
import { EmptyState } from '../ui/empty-state';

/** 404 inside the shell. */
export function NotFound() {
  const { t } = useTranslation('shell');
  return (
    <EmptyState
      title={t('notFound.title')}
      actions={
        <Link className={buttonClasses('primary')} href={routes.vms()}>
          {t('notFound.back')}
        </Link>
      }
    >
      {t('notFound.body')}
    </EmptyState>
  );
}
