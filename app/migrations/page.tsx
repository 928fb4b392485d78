import { Suspense } from 'react';
import { MigrationsPage } from '@/components/migrations/migrations-page';

export default function Page() {
  return (
    <Suspense>
      <MigrationsPage />
    </Suspense>
  );
}
