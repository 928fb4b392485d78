import { Suspense } from 'react';
import { OverviewPage } from '@/components/fleet/overview-page';

/** The fleet overview is the console's home. */
export default function Home() {
  return (
    <Suspense>
      <OverviewPage />
    </Suspense>
  );
}
