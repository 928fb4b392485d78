import { notFound } from 'next/navigation';
import { VmDetailView } from '@/components/vm/details/vm-detail-view';
import { isVmTab } from '@/components/vm/details/vm-tabs';
import { decodeSegment, type VmRouteParams } from '../params';

export default async function Page({ params }: { params: Promise<Required<VmRouteParams>> }) {
  const p = await params;
  const tab = decodeSegment(p.tab);
  if (!isVmTab(tab)) notFound();
  return <VmDetailView site={decodeSegment(p.site)} namespace={decodeSegment(p.namespace)} name={decodeSegment(p.name)} tab={tab} />;
}
