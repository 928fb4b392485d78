import { PoliciesPage } from '@/components/migrations/policies-page';

export default function Page() {
  return <PoliciesPage />;
}
