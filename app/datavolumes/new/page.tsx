import { DvCreateView } from '@/components/datavolumes/create/dv-create-view';

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const from = { site: one(q.fromSite), namespace: one(q.fromNamespace), name: one(q.fromName) };
  return (
    <DvCreateView
      site={one(q.site)}
      namespace={one(q.namespace)}
      copyOf={from.site && from.namespace && from.name ? from : undefined}
    />
  );
}
