import { NodesPage } from '@/components/nodes/nodes-page';

export default function Page() {
  return <NodesPage />;
}
