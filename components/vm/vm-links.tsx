/** The VMs a row is about (users of a network, VMs a policy is in effect for), each a link to its page. */
import Link from 'next/link';
import { vmDetails } from '@/lib/routes';

export interface VmRef {
  namespace: string;
  name: string;
}

export function VmLinks({
  site,
  vms,
  tab,
  empty,
}: {
  site: string;
  vms: VmRef[];
  tab: string;
  empty: string;
}) {
  if (!vms.length) return <span className="text-slate-400">{empty}</span>;
  return (
    <>
      {vms.map((vm) => (
        <Link
          key={`${vm.namespace}/${vm.name}`}
          href={vmDetails(site, vm.namespace, vm.name, tab)}
          className="mr-2 whitespace-nowrap text-blue-700 hover:underline dark:text-blue-400"
        >
          {vm.namespace}/{vm.name}
        </Link>
      ))}
    </>
  );
}
