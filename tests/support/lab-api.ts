import { request } from 'node:https';
import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { startLab, type Lab } from '../../lab/lab';

export interface ApiResponse {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Raw HTTPS calls to one lab site as one kubeconfig user, TLS and token from client-node. */
export interface LabApi {
  kc: KubeConfig;
  server: string;
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Polls `GET path` until `pred` holds on the JSON, or throws after `ms` with the last body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  waitFor(path: string, pred: (o: any) => boolean, ms?: number): Promise<any>;
  httpsOptions(): Promise<RequestOptions>;
}

/** A client for `site` acting as `user` (admin, operator, viewer). */
export function labApi(lab: Lab, site = 'central', user = 'admin'): LabApi {
  const kc = new KubeConfig();
  kc.loadFromString(lab.kubeconfig);
  kc.setCurrentContext(site);
  const ctx = kc.getContextObject(site);
  if (ctx) (ctx as { user: string }).user = user;
  const server = kc.getCurrentCluster()?.server ?? '';
  const httpsOptions = async (): Promise<RequestOptions> => {
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    return opts;
  };
  const req = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
    const opts = await httpsOptions();
    const u = new URL(path, server);
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const r = request(u, { ...opts, method, headers: { ...(opts.headers ?? {}), accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      });
      r.on('error', reject);
      r.end(payload);
    });
  };
  const waitFor = async (path: string, pred: (o: unknown) => boolean, ms = 30_000) => {
    const until = Date.now() + ms;
    let last: ApiResponse | undefined;
    while (Date.now() < until) {
      last = await req('GET', path);
      if (pred(last.status === 200 ? last.json : undefined)) return last.json;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting on ${path}; last: ${last?.status} ${last?.text.slice(0, 2000)}`);
  };
  return { kc, server, req, waitFor, httpsOptions };
}

/** API paths used by the tests. */
export const P = {
  vms: (ns: string) => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`,
  vm: (ns: string, n: string) => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines/${n}`,
  vmi: (ns: string, n: string) => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances/${n}`,
  vmims: (ns: string) => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstancemigrations`,
  vmim: (ns: string, n: string) => `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstancemigrations/${n}`,
  vmSub: (ns: string, n: string, s: string) => `/apis/subresources.kubevirt.io/v1/namespaces/${ns}/virtualmachines/${n}/${s}`,
  vmiSub: (ns: string, n: string, s: string) => `/apis/subresources.kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances/${n}/${s}`,
  dvs: (ns: string) => `/apis/cdi.kubevirt.io/v1beta1/namespaces/${ns}/datavolumes`,
  dv: (ns: string, n: string) => `/apis/cdi.kubevirt.io/v1beta1/namespaces/${ns}/datavolumes/${n}`,
  pvc: (ns: string, n: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims/${n}`,
  events: (ns: string) => `/api/v1/namespaces/${ns}/events`,
  node: (n: string) => `/api/v1/nodes/${n}`,
};

/** Creates a namespace through the API (idempotent). */
export async function createNamespace(api: LabApi, name: string): Promise<void> {
  const r = await api.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`namespace ${name}: ${r.status} ${r.text}`);
}

/** Throws with the body unless the response has the expected status. */
export function expectStatus(r: ApiResponse, status: number): ApiResponse {
  if (r.status !== status) throw new Error(`expected HTTP ${status}, got ${r.status}: ${r.text}`);
  return r;
}

/**
 * A one-site demo lab at 20x speed whose VMs all get built-in guests: these tests are about
 * controller behaviour, and real QEMU guests have their own tests.
 */
export async function startDemoLab(): Promise<Lab> {
  process.env.EDGEVIRT_QEMU_CAP = '0';
  return startLab({ sites: ['central'], timeScale: 0.05, seed: 'demo' });
}
