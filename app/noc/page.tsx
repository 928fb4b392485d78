import { Suspense } from 'react';
import { NocWall } from '@/components/noc/noc-wall';

/** The NOC wall: a kiosk screen, opened with a display link (or by a signed-in user). */
export default function Page() {
  return (
    <Suspense>
      <NocWall />
    </Suspense>
  );
}
