import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ObjectStore, ResourceRef } from '../store/object-store';
import type { KubeObject } from '../store/types';
import type { SyncHub } from '../wan/sync-hub';

/** Who is making a request, after authentication and impersonation. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/**
 * A call to an aggregated subresource (`/apis/subresources.kubevirt.io/v1/namespaces/{ns}/
 * {virtualmachines|virtualmachineinstances}/{name}/{subresource}`). The API server has already
 * authenticated the user and checked RBAC on `<resource>/<subresource>`.
 */
export interface SubresourceCall {
  method: string;
  version: string;
  namespace: string;
  resource: 'virtualmachines' | 'virtualmachineinstances';
  name: string;
  /** e.g. `start`, `pause`, `vnc`, `console`, `guestosinfo`, `vnc/screenshot`. */
  subresource: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when empty. */
  body: unknown;
  user: UserInfo;
}

export interface SubresourceResult {
  status: number;
  body?: unknown;
  contentType?: string;
}

/** GET through `/api/v1/namespaces/{ns}/pods/{pod}/proxy/{path}` (metrics scraping). */
export interface PodProxyCall {
  namespace: string;
  pod: string;
  /** Path after `/proxy`, starting with `/`. */
  path: string;
  query: URLSearchParams;
  user: UserInfo;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * What the KubeVirt/CDI behaviour (lab/controllers) plugs into a site's API server. Every hook
 * throws a `StatusError` to fail the request; the API server writes it as a `Status`.
 */
export interface ApiExtensions {
  /** PUT/GET subresources.kubevirt.io calls that are not websockets. */
  subresource?(call: SubresourceCall): Promise<SubresourceResult>;
  /**
   * WebSocket subresources (`vnc`, `console`). The handler completes the upgrade (offering
   * `plain.kubevirt.io`) or answers with an HTTP error status on the raw socket.
   */
  upgrade?(call: SubresourceCall, req: IncomingMessage, socket: Duplex, head: Buffer): void;
  podProxy?(call: PodProxyCall): Promise<SubresourceResult>;
  /**
   * Admission webhooks, run after the API server's own validation and before storage. May
   * return a mutated object (e.g. a label added to a VMIM). `obj` is a private copy.
   */
  admit?(op: AdmissionOperation, ref: ResourceRef, obj: KubeObject, old: KubeObject | undefined, user: UserInfo): KubeObject | void;
  /**
   * The validating webhook on `pods/eviction` CREATE (KubeVirt's virt-launcher eviction
   * interceptor): throws a `StatusError` (429) to refuse the eviction of `pod`.
   */
  admitEviction?(pod: KubeObject, dryRun: boolean, user: UserInfo): void;
}

/** What a site hands to the controllers when it starts them. */
export interface SiteContext {
  /** Site name, e.g. `site-factory-01`. */
  name: string;
  store: ObjectStore;
  /** TLS material of this site's API server, for side servers such as the CDI upload proxy. */
  tls: { key: string; cert: string; ca: string };
  /** Host the site listens on (loopback). */
  host: string;
  /** Multiplier for controller delays: 1 = realistic, 0.05 in tests. */
  timeScale: number;
  /** The API server's own URL, e.g. https://127.0.0.1:6443. */
  url(): string;
  /** The lab's WAN between sites (synchronization endpoints, links); absent for a lone site. */
  wan?: SyncHub;
}

/** Controllers of a site, created by `lab/site-behaviour/index.ts#startControllers`. */
export interface SiteControllers {
  extensions: ApiExtensions;
  stop(): Promise<void>;
}
