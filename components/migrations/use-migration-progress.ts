'use client';
/**
 * Polls the backend's progress endpoint for every (site, source node) with a migration copying
 * memory, and folds the samples into one track per migration (kept after it ends).
 */
import { useEffect, useMemo, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import {
  migrationProgressPath,
  type MigrationProgressFrame,
  type ProgressSource,
} from '@/lib/api/migrations';
import { errorFromResponse } from '@/lib/k8s/kube-api-error';
import { addPoint, pointOf, type ProgressTrack } from '@/lib/migration/progress';
import type { MigrationRow } from '@/lib/migration/rows';

/** Browser poll period; the backend shares one upstream read per second between callers. */
export const PROGRESS_POLL_MS = 2000;

export interface NodeProgress {
  source?: ProgressSource;
  error?: string;
}

export interface MigrationProgress {
  tracks: ReadonlyMap<string, ProgressTrack>;
  /** By `site/node`. */
  nodes: ReadonlyMap<string, NodeProgress>;
}

async function fetchFrame(site: string, node: string): Promise<MigrationProgressFrame> {
  const res = await fetch(migrationProgressPath(site, node), {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as MigrationProgressFrame;
}

export const nodeKey = (site: string, node: string) => `${site}/${node}`;

export function useMigrationProgress(rows: readonly MigrationRow[]): MigrationProgress {
  const copying = useMemo(() => rows.filter((r) => !r.final && r.source && r.transferStarted), [rows]);
  const targetKey = [...new Set(copying.map((r) => nodeKey(r.site, r.source ?? '')))].sort().join('\n');
  const targets = useMemo(
    () =>
      (targetKey ? targetKey.split('\n') : []).map((k) => ({
        site: k.slice(0, k.indexOf('/')),
        node: k.slice(k.indexOf('/') + 1),
      })),
    [targetKey],
  );
  const results = useQueries({
    queries: targets.map((t) => ({
      queryKey: ['api', 'migration-progress', t.site, t.node],
      queryFn: () => fetchFrame(t.site, t.node),
      refetchInterval: PROGRESS_POLL_MS,
      staleTime: PROGRESS_POLL_MS / 2,
      retry: false,
    })),
  });
  const [tracks, setTracks] = useState<ReadonlyMap<string, ProgressTrack>>(new Map());
  const stamp = results.map((r) => r.dataUpdatedAt).join(',');

  useEffect(() => {
    setTracks((prev) => {
      let next: Map<string, ProgressTrack> | undefined;
      for (const r of results) {
        const frame = r.data;
        if (!frame) continue;
        const at = Date.parse(frame.at);
        for (const row of copying) {
          if (row.site !== frame.site || row.source !== frame.node) continue;
          const sample = frame.samples.find((s) => s.namespace === row.namespace && s.vmi === row.vmi);
          if (!sample) continue;
          const before = (next ?? prev).get(row.id);
          const after = addPoint(before, pointOf(sample, at));
          if (after === before) continue;
          next ??= new Map(prev);
          next.set(row.id, after);
        }
      }
      return next ?? prev;
    });
    // `stamp` changes exactly when a frame arrives.
  }, [stamp, copying]);

  const nodes = useMemo(() => {
    const out = new Map<string, NodeProgress>();
    targets.forEach((t, i) => {
      const r = results[i];
      out.set(nodeKey(t.site, t.node), {
        source: r?.data?.source,
        error: r?.error ? r.error.message : undefined,
      });
    });
    return out;
  }, [targets, stamp, results.map((r) => r.error?.message ?? '').join('\n')]);
  return { tracks, nodes };
}
