import { Suspense } from 'react';
import { DvListPage } from '@/components/datavolumes/list/dv-list-page';

export default function Page() {
  return (
    <Suspense>
      <DvListPage />
    </Suspense>
  );
}
