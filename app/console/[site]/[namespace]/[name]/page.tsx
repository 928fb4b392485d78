import { redirect } from 'next/navigation';
import { vmConsole } from '@/lib/routes';
import { decodeParam, type ConsoleRouteParams } from './params';

/** `/console/<site>/<ns>/<name>` opens the VNC tab. */
export default async function Page({ params }: { params: Promise<ConsoleRouteParams> }) {
  const p = await params;
  redirect(vmConsole(decodeParam(p.site), decodeParam(p.namespace), decodeParam(p.name), 'vnc'));
}
