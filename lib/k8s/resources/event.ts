/** core/v1 Event: the events shown for a VM, VMI, DataVolume or migration. */
import type { GroupVersionResource } from '../api-path';
import type { KubeObject } from '../types';

export const EVENT_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'events' };

export interface KubeEvent extends KubeObject {
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string };
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning' | string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** Field selector for the events of one object (`involvedObject.kind=…,involvedObject.name=…`). */
export function eventSelectorFor(kind: string, name: string): string {
  return `involvedObject.kind=${kind},involvedObject.name=${name}`;
}

/** Most recent time the event happened, for sorting newest first. */
export function eventTime(e: KubeEvent): string {
  return e.lastTimestamp || e.eventTime || e.firstTimestamp || e.metadata.creationTimestamp || '';
}

/** Events newest first, without mutating the input. */
export function sortEventsNewestFirst(events: readonly KubeEvent[]): KubeEvent[] {
  return [...events].sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
}
