import { VmDetailView } from '@/components/vm/details/vm-detail-view';
import { decodeSegment, type VmRouteParams } from './params';

export default async function Page({ params }: { params: Promise<VmRouteParams> }) {
  const p = await params;
  return <VmDetailView site={decodeSegment(p.site)} namespace={decodeSegment(p.namespace)} name={decodeSegment(p.name)} tab="overview" />;
}
