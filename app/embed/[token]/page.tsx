import { EmbedConsole } from '@/components/console/embed-console';

/** `/embed/<token>`: one VM's console for another portal's iframe (frame-ancestors set by the server). */
export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <EmbedConsole token={decodeURIComponent(token)} />;
}
