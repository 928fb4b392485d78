import { DvDetailView } from '@/components/datavolumes/details/dv-detail-view';
import { decodeSegment, type VmRouteParams } from '@/app/vms/[site]/[namespace]/[name]/params';

export default async function Page({ params }: { params: Promise<VmRouteParams> }) {
  const p = await params;
  return <DvDetailView site={decodeSegment(p.site)} namespace={decodeSegment(p.namespace)} name={decodeSegment(p.name)} />;
}
