/**
 * The fleet summary stream: `GET FLEET_STREAM_PATH` (Server-Sent Events). The backend keeps one
 * watch per (site, resource) and pushes per-site summaries, never raw objects. Events:
 * `snapshot` (every site in the caller's scope, on connect) and `update` (the sites that changed),
 * both a `FleetFrame` as JSON.
 */
import type { SiteHealth, SitePlacement } from './sites';

export const FLEET_STREAM_PATH = '/api/fleet/stream';

/** What a site tile says, worst first. */
export const TILE_STATES = ['unreachable', 'down', 'degraded', 'stale', 'healthy'] as const;
export type TileState = (typeof TILE_STATES)[number];

export type FleetAlertKind =
  'vm-failed' | 'vm-crashloop' | 'node-not-ready' | 'import-stuck' | 'site-unreachable';

export interface FleetAlert {
  kind: FleetAlertKind;
  namespace?: string;
  name?: string;
  /** Kubernetes reason or printable status. */
  reason?: string;
}

export interface SiteSummary {
  site: string;
  state: TileState;
  /** Reachability from the backend's probes. */
  reach: SiteHealth;
  /** When the counts were last known to match the cluster (ISO); null before the first sync. */
  asOf: string | null;
  /** Every watch of the site is open and in sync. */
  live: boolean;
  vms: { total: number; byStatus: Record<string, number> };
  nodes: { total: number; ready: number };
  migrations: { active: number };
  /** Active imports; `progress` is their mean progress (0–1) when any reports one. */
  imports: { active: number; progress?: number };
  alerts: FleetAlert[];
  /** The site's tier, region and labels (filters and groups on the overview). */
  placement?: SitePlacement;
  /** When what the tile shows (state, VMs by status, nodes, migrations, imports, alerts) last changed (ISO); absent when unchanged since the backend first synced the site. */
  changedAt?: string;
}

export interface FleetFrame {
  /** Console version: a screen reloads when it changes. */
  version: string;
  /** Backend time of the frame (ISO). */
  at: string;
  sites: SiteSummary[];
}

/** Display links (admins): `POST` creates, `GET` lists, `DELETE …/<id>` revokes. */
export const DISPLAY_LINKS_PATH = '/api/fleet/display-links';
/** The query parameter a NOC screen carries its display link in (page and stream). */
export const DISPLAY_PARAM = 'display';

export interface DisplayLinkInfo {
  id: string;
  name: string;
  sites: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
}

/** What the creator gets once: the token is never shown again. */
export interface CreatedDisplayLink extends DisplayLinkInfo {
  token: string;
  /** Path of the wall page with the link (`/noc?display=…`). */
  path: string;
}

/**
 * NOC screen heartbeats. A screen `POST`s `NocHeartbeat` (with its display link in
 * `DISPLAY_PARAM`) every `NOC_HEARTBEAT_MS`; the NOC's monitoring `GET`s the same path with the
 * link and gets `NocHeartbeatReport`: 200 while every screen of the link is fresh, 503 when one
 * has gone quiet or shows old data (a frozen wall).
 */
export const NOC_HEARTBEAT_PATH = '/api/fleet/heartbeat';
export const NOC_HEARTBEAT_MS = 30_000;
/** A screen silent for this long, or whose data is this old, is frozen. */
export const NOC_FROZEN_MS = 3 * NOC_HEARTBEAT_MS;

export interface NocHeartbeat {
  /** Random id the screen picks at load. */
  screen: string;
  /** Console version the page runs. */
  version: string;
  /** When the screen last received a frame (ISO), null before the first. */
  lastFrameAt: string | null;
  /** Connection state the screen shows. */
  connection: 'connecting' | 'live' | 'reconnecting' | 'refused';
}

export interface NocScreenStatus extends NocHeartbeat {
  link: string;
  /** When the backend last heard from the screen (ISO). */
  seenAt: string;
  frozen: boolean;
}

export interface NocHeartbeatReport {
  ok: boolean;
  screens: NocScreenStatus[];
}
