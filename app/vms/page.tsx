import { Suspense } from 'react';
import { VmListPage } from '@/components/vm/list/vm-list-page';

export default function VmsPage() {
  return (
    <Suspense>
      <VmListPage />
    </Suspense>
  );
}
