import { CreateVmView } from '@/components/vm/create/create-vm-view';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  return <CreateVmView site={one(q.site)} namespace={one(q.namespace)} />;
}
