import { notFound } from 'next/navigation';
import { ConsolePage } from '@/components/console/console-page';
import { decodeParam, type ConsoleRouteParams } from '../params';

/** `/console/<site>/<ns>/<name>/(vnc|serial)`: the standalone console, full height. */
export default async function Page({ params }: { params: Promise<ConsoleRouteParams> }) {
  const p = await params;
  if (p.kind !== 'vnc' && p.kind !== 'serial') notFound();
  return <ConsolePage vm={{ site: decodeParam(p.site), namespace: decodeParam(p.namespace), name: decodeParam(p.name) }} kind={p.kind} />;
}
