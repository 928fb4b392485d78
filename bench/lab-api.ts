import { Agent, request } from 'node:https';
import { pathToFileURL } from 'node:url';
import { startLab, type Lab } from '../lab/lab';

const VMS = Number(process.env.LAB_BENCH_VMS ?? 10_000);
const WATCHERS = 50;
const PROBES = 100;
const NS = 'bench';

interface Client {
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: string }>;
  stream(path: string, onLine: (line: string) => void): () => void;
}

function client(lab: Lab): Client {
  const site = lab.site('central');
  const url = new URL(site.url);
  const agent = new Agent({ ca: lab.caPem, keepAlive: true, maxSockets: 64 });
  const headers = { Authorization: `Bearer ${lab.tokens.admin}`, Accept: 'application/json' };
  return {
    call: (method, path, body, contentType = 'application/json') =>
      new Promise((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path, method, agent, headers: { ...headers, 'Content-Type': contentType } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      }),
    stream(path, onLine) {
      let buf = '';
      const req = request({ host: url.hostname, port: url.port, path, method: 'GET', agent: new Agent({ ca: lab.caPem }), headers }, (res) => {
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line.trim()) onLine(line);
          }
        });
      });
      req.on('error', () => undefined);
      req.end();
      return () => req.destroy();
    },
  };
}

function vm(name: string) {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: NS, labels: { app: 'bench' } },
    spec: {
      runStrategy: 'Halted',
      template: {
        metadata: { labels: { 'kubevirt.io/domain': name } },
        spec: {
          domain: { cpu: { cores: 1 }, memory: { guest: '512Mi' }, devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }], interfaces: [{ name: 'default', masquerade: {} }] } },
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:latest' } }],
        },
      },
    },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

async function createAll(c: Client): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < VMS) {
      const i = next++;
      const r = await c.call('POST', `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`, vm(`vm-${String(i).padStart(5, '0')}`));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return VMS / ((performance.now() - start) / 1000);
}

async function listTimes(c: Client): Promise<{ full: number; paged: number; table: number }> {
  const path = `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`;
  let t = performance.now();
  const full = await c.call('GET', path);
  const fullMs = performance.now() - t;
  if (JSON.parse(full.body).items.length !== VMS) throw new Error('full list incomplete');
  t = performance.now();
  let cont = '';
  let count = 0;
  do {
    const r = JSON.parse((await c.call('GET', `${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)).body);
    count += r.items.length;
    cont = r.metadata.continue ?? '';
  } while (cont);
  const pagedMs = performance.now() - t;
  if (count !== VMS) throw new Error(`paged list returned ${count}`);
  t = performance.now();
  await c.call('GET', `${path}?limit=500`, undefined);
  const tableMs = performance.now() - t;
  return { full: fullMs, paged: pagedMs, table: tableMs };
}

async function watchLatency(c: Client): Promise<{ p50: number; p99: number }> {
  await c.call('POST', `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`, { ...vm('probe'), metadata: { name: 'probe', namespace: NS } });
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const stops: (() => void)[] = [];
  const list = JSON.parse((await c.call('GET', `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines?limit=1`)).body);
  const rv = list.metadata.resourceVersion as string;
  let ready = 0;
  for (let w = 0; w < WATCHERS; w++) {
    const seen = new Set<string>();
    stops.push(c.stream(`/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, (line) => {
      const ev = JSON.parse(line) as { type: string; object: { metadata: { labels?: Record<string, string> } } };
      const probe = ev.object.metadata.labels?.probe;
      if (ev.type === 'BOOKMARK' && probe === undefined) return;
      if (probe === 'ready') {
        if (!seen.has('ready')) ready++;
        seen.add('ready');
        return;
      }
      if (probe && !seen.has(probe) && sentAt.has(probe)) {
        seen.add(probe);
        latencies.push(performance.now() - (sentAt.get(probe) ?? 0));
      }
    }));
  }
  const patch = (value: string) =>
    c.call('PATCH', `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/probe`, { metadata: { labels: { probe: value } } }, 'application/merge-patch+json');
  while (ready < WATCHERS) {
    await patch('ready');
    await new Promise((r) => setTimeout(r, 50));
    if (ready < WATCHERS) await patch('not-ready');
  }
  for (let i = 0; i < PROBES; i++) {
    const id = `p${i}`;
    sentAt.set(id, performance.now());
    await patch(id);
    const target = (i + 1) * WATCHERS;
    const deadline = Date.now() + 5000;
    while (latencies.length < target && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  }
  for (const s of stops) s();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/** Lab API figures with 10,000 VMs in one site (created over HTTPS): rates, list times, watch latency, RSS. */
export async function benchLabApi(): Promise<Record<string, number>> {
  const lab = await startLab({ sites: ['central'], seed: 'none', timeScale: 1 });
  try {
    const c = client(lab);
    await c.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    const createRate = await createAll(c);
    const lists = await listTimes(c);
    const watch = await watchLatency(c);
    return {
      vms: VMS,
      createPerSecond: round(createRate),
      listAllMs: round(lists.full),
      listPaged500TotalMs: round(lists.paged),
      listFirstPage500Ms: round(lists.table),
      watchers: WATCHERS,
      watchLatencyP50Ms: round(watch.p50),
      watchLatencyP99Ms: round(watch.p99),
      rssMiB: round(process.memoryUsage().rss / 1024 / 1024),
    };
  } finally {
    await lab.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchLabApi().then((r) => {
    console.log(JSON.stringify(r, null, 2));
    process.exit(0);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
