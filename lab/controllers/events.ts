import type { ObjectStore } from '../store/object-store';
import type { KubeObject } from '../store/types';
import { nowIso, R } from './refs';

/** Which upstream component an event claims to come from. */
export type EventSource = 'virtualmachine-controller' | 'virt-handler' | 'default-scheduler' | 'migration-controller' | 'cdi-controller' | 'disruptionbudget-controller';

/** Writes core/v1 Events the way client-go's recorder does (one per occurrence, count 1). */
export class EventRecorder {
  private seq = 0;

  constructor(private readonly store: ObjectStore) {}

  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource = 'virtualmachine-controller', host?: string): void {
    const name = obj.metadata.name ?? '';
    const ts = nowIso();
    const suffix = (Date.now() * 1000 + (this.seq++ % 1000)).toString(16);
    try {
      this.store.create(R.event, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${name}.${suffix}`, namespace: obj.metadata.namespace ?? 'default' },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name,
          namespace: obj.metadata.namespace,
          uid: obj.metadata.uid,
          resourceVersion: obj.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: ts,
        lastTimestamp: ts,
        eventTime: null,
        source: host ? { component: source, host } : { component: source },
        reportingComponent: source,
        reportingInstance: host ?? '',
      });
    } catch {
      // An event name clash is harmless: events are best-effort, as in client-go.
    }
  }
}
