import { redirect } from 'next/navigation';
import { routes } from '@/lib/routes';

/** The VM list is the console's home. */
export default function Home() {
  redirect(routes.vms());
}
