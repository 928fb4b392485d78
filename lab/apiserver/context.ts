import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabTokens } from '../auth/identities';
import type { KindDef } from '../kinds/registry';
import type { ObjectStore, ResourceRef } from '../store/object-store';
import type { ApiExtensions, UserInfo } from './extensions';
import type { RequestInfo } from './request-info';

/** State one site's API server shares with its request handlers. */
export interface ApiContext {
  name: string;
  store: ObjectStore;
  tokens: LabTokens;
  /** The controllers' hooks; read per request because controllers start after the server. */
  extensions(): ApiExtensions;
  /** Watches from an older resourceVersion get 410: the watch cache starts empty at each start. */
  minWatchRV: number;
  /** Open watch responses, ended on restart and stop. */
  /** Open watches and what each watches (`group/resource`, `resource` for the core group). */
  watchers: Map<ServerResponse, string>;
  /** `host:port` for `serverAddressByClientCIDRs`. */
  address(): string;
  /** WAN delay to add to each watch event now (latency plus jitter), 0 when no fault is set. */
  wanDelay(): number;
}

/** One authenticated API request being served. */
export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: RequestInfo;
  user: UserInfo;
}

/** One resource request, after the kind is known. */
export interface ResourceRequest extends ApiRequest {
  def: KindDef;
  ref: ResourceRef;
  /** Namespace for storage (undefined for cluster-scoped kinds). */
  ns: string | undefined;
  /** apiVersion of the request's group/version, used for responses. */
  apiVersion: string;
}
