import { DvCreateView } from '@/components/datavolumes/create/dv-create-view';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  return <DvCreateView site={one(q.site)} namespace={one(q.namespace)} />;
}
