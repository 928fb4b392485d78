import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SignInMode } from '../auth/types';
import type { LabStartOptions } from '../embedded-lab';
import type { StartServerOptions } from '../start-server';
import { LOG_LEVELS, type LogLevel } from '../observe/logger';

/** Command-line help, also the reference for the README. */
export const USAGE = `Usage: npm start -- [options]   (or: tsx server/main.ts [options])

  --host <addr>              listen address (EDGEVIRT_HOST, default 127.0.0.1)
  --port <n>                 listen port (PORT, default 3000)
  --kubeconfig <path>        kubeconfig; every context is a site (KUBECONFIG)
  --in-cluster               use the pod's service account (one site)
  --sites-file <path>        tier, region and labels per site (YAML or JSON: sites: {name: {tier,
                             region, labels}}); wins over the kubeconfig extension (EDGEVIRT_SITES_FILE)
  --lab / --no-lab           start the embedded edge lab (default: when no kubeconfig)
  --lab-time-scale <x>       lab controller speed factor (EDGEVIRT_LAB_TIME_SCALE, default 1)
  --lab-kubeconfig <path>    write the embedded lab's kubeconfig there (mode 0600), for kubectl
                             (EDGEVIRT_LAB_KUBECONFIG)
  --dev                      run Next.js in dev mode (hot reload)
  --auth <local|token|oidc>  sign-in mode (EDGEVIRT_AUTH, default local)
  --session-secret-file <f>  file holding the session secret, ≥32 chars; required for token/oidc
                             (EDGEVIRT_SESSION_SECRET_FILE, or the secret itself in EDGEVIRT_SESSION_SECRET)
  --session-ttl <seconds>    session lifetime (EDGEVIRT_SESSION_TTL, default 28800)
  --oidc-issuer <url>        (EDGEVIRT_OIDC_ISSUER)
  --oidc-client-id <id>      (EDGEVIRT_OIDC_CLIENT_ID)
  --oidc-client-secret-file <f>  (EDGEVIRT_OIDC_CLIENT_SECRET_FILE or EDGEVIRT_OIDC_CLIENT_SECRET;
                             omit for a public client)
  --oidc-redirect-uri <url>  (EDGEVIRT_OIDC_REDIRECT_URI, e.g. https://host/api/auth/oidc/callback)
  --oidc-username-claim <c>  (EDGEVIRT_OIDC_USERNAME_CLAIM, default sub)
  --oidc-groups-claim <c>    (EDGEVIRT_OIDC_GROUPS_CLAIM, default groups)
  --console-token-file <f>   console identity for impersonation (EDGEVIRT_CONSOLE_TOKEN_FILE
                             or EDGEVIRT_CONSOLE_TOKEN)
  --audit-log <path>         JSON-lines audit log (EDGEVIRT_AUDIT_LOG)
  --log-level <level>        JSON logs on stdout: fatal, error, warn, info, debug, trace or silent
                             (EDGEVIRT_LOG_LEVEL, default info)
  --metrics-token-file <f>   bearer token /metrics requires (EDGEVIRT_METRICS_TOKEN_FILE or
                             EDGEVIRT_METRICS_TOKEN; default: /metrics is open)
  --revocations-file <p>     signed-out sessions, shared by replicas so a copied cookie is refused
                             everywhere (EDGEVIRT_REVOCATIONS_FILE; default: in memory)
  --display-links-file <p>   NOC display links, shared by replicas; revocations survive restarts
                             (EDGEVIRT_DISPLAY_LINKS_FILE; default: in memory)
  --upload-dir <dir>         staging folder of resumable uploads (EDGEVIRT_UPLOAD_DIR; default <tmp>/edgevirt-uploads)
  --upload-max-bytes <n>     largest upload accepted (EDGEVIRT_UPLOAD_MAX_BYTES; default 64 GiB)
  --upload-quota-bytes <n>   bytes one user may stage at once (EDGEVIRT_UPLOAD_QUOTA_BYTES; default 128 GiB)
  --frame-ancestors <list>   space/comma separated origins allowed to frame /embed/* (EDGEVIRT_FRAME_ANCESTORS)
  --public-origin <url>      public URL when behind a reverse proxy (EDGEVIRT_PUBLIC_ORIGIN)
  --allowed-hosts <list>     host names served besides IP literals, localhost and the public
                             origin (EDGEVIRT_ALLOWED_HOSTS; '.example.com' allows subdomains)
  --trust-proxy              trust X-Forwarded-Proto/Host (EDGEVIRT_TRUST_PROXY=1)
  --serial-buffer-bytes <n>  serial output kept per VM (EDGEVIRT_SERIAL_BUFFER_BYTES, default 262144)
  --serial-linger-ms <n>     keep a VM's serial line this long after its last viewer left
                             (EDGEVIRT_SERIAL_LINGER_MS, default 600000)
  --prometheus <site>=<url>  read that site's migration progress from Prometheus; repeatable
                             (EDGEVIRT_PROMETHEUS, comma separated)
  --help

Secrets are read from a file or the environment, never from the command line (where ps and
npm's start log would show them).
`;

/** Secret flags that were once accepted with the secret itself: refused with the way to give it. */
const SECRET_FLAGS = ['session-secret', 'oidc-client-secret', 'console-token', 'metrics-token'] as const;

type Env = Record<string, string | undefined>;

/** The embedded lab's options, or `true` for its defaults. */
function labOptions(timeScale: string | undefined, kubeconfigOut: string | undefined): true | LabStartOptions {
  if (!timeScale && !kubeconfigOut) return true;
  return definedOnly({ timeScale: timeScale ? Number(timeScale) : undefined, kubeconfigOut });
}

/** Parses argv (without node and script) and the environment into server options. */
export function parseFlags(argv: string[], env: Env): StartServerOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      'in-cluster': { type: 'boolean' },
      lab: { type: 'boolean' },
      'lab-time-scale': { type: 'string' },
      'lab-kubeconfig': { type: 'string' },
      dev: { type: 'boolean' },
      auth: { type: 'string' },
      'session-secret': { type: 'string' },
      'session-secret-file': { type: 'string' },
      'session-ttl': { type: 'string' },
      'oidc-issuer': { type: 'string' },
      'oidc-client-id': { type: 'string' },
      'oidc-client-secret': { type: 'string' },
      'oidc-client-secret-file': { type: 'string' },
      'oidc-redirect-uri': { type: 'string' },
      'oidc-username-claim': { type: 'string' },
      'oidc-groups-claim': { type: 'string' },
      'console-token': { type: 'string' },
      'console-token-file': { type: 'string' },
      'audit-log': { type: 'string' },
      'log-level': { type: 'string' },
      'metrics-token': { type: 'string' },
      'metrics-token-file': { type: 'string' },
      'display-links-file': { type: 'string' },
      'sites-file': { type: 'string' },
      'revocations-file': { type: 'string' },
      'upload-dir': { type: 'string' },
      'upload-max-bytes': { type: 'string' },
      'upload-quota-bytes': { type: 'string' },
      'frame-ancestors': { type: 'string' },
      'public-origin': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'serial-buffer-bytes': { type: 'string' },
      'serial-linger-ms': { type: 'string' },
      prometheus: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  for (const flag of SECRET_FLAGS) {
    if (values[flag] !== undefined) {
      const envName = `EDGEVIRT_${flag.replace(/-/g, '_').toUpperCase()}`;
      throw new Error(
        `--${flag} is refused: a secret on the command line shows in ps and in npm's log; use --${flag}-file <path> or ${envName}`,
      );
    }
  }
  const secret = (flag: (typeof SECRET_FLAGS)[number]) => {
    const envName = `EDGEVIRT_${flag.replace(/-/g, '_').toUpperCase()}`;
    const file = values[`${flag}-file`] ?? env[`${envName}_FILE`];
    return file ? readSecretFile(`--${flag}-file`, file) : env[envName];
  };
  const auth = (values.auth ?? env.EDGEVIRT_AUTH ?? 'local') as SignInMode;
  if (!['local', 'token', 'oidc'].includes(auth))
    throw new Error(`--auth must be local, token or oidc (got ${auth})`);
  const kubeconfig = values.kubeconfig ?? env.KUBECONFIG;
  const port = Number(values.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port ${values.port ?? env.PORT}`);
  const logLevel = (values['log-level'] ?? env.EDGEVIRT_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got ${logLevel})`);
  const timeScale = values['lab-time-scale'] ?? env.EDGEVIRT_LAB_TIME_SCALE;
  const lab = values.lab ?? (kubeconfig || values['in-cluster'] ? false : true);
  const opts: StartServerOptions & { help?: boolean } = {
    help: values.help,
    host: values.host ?? env.EDGEVIRT_HOST ?? '127.0.0.1',
    port,
    dev: values.dev ?? false,
    kubeconfig: lab ? undefined : kubeconfig,
    inCluster: values['in-cluster'] ?? false,
    sitesFile: values['sites-file'] ?? env.EDGEVIRT_SITES_FILE,
    lab: lab ? labOptions(timeScale, values['lab-kubeconfig'] ?? env.EDGEVIRT_LAB_KUBECONFIG) : false,
    auth,
    sessionSecret: secret('session-secret'),
    sessionTtlSeconds: Number(values['session-ttl'] ?? env.EDGEVIRT_SESSION_TTL ?? 28_800),
    consoleToken: secret('console-token'),
    auditLog: values['audit-log'] ?? env.EDGEVIRT_AUDIT_LOG,
    log: { level: logLevel },
    metricsToken: secret('metrics-token'),
    revocationsFile: values['revocations-file'] ?? env.EDGEVIRT_REVOCATIONS_FILE,
    migrations: { prometheus: prometheusUrls(values.prometheus ?? splitList(env.EDGEVIRT_PROMETHEUS)) },
    fleet: definedOnly({ displayLinksFile: values['display-links-file'] ?? env.EDGEVIRT_DISPLAY_LINKS_FILE }),
    uploads: definedOnly({
      dir: values['upload-dir'] ?? env.EDGEVIRT_UPLOAD_DIR,
      maxBytes: positive('--upload-max-bytes', values['upload-max-bytes'] ?? env.EDGEVIRT_UPLOAD_MAX_BYTES),
      quotaBytes: positive('--upload-quota-bytes', values['upload-quota-bytes'] ?? env.EDGEVIRT_UPLOAD_QUOTA_BYTES),
    }),
    frameAncestors: splitList(values['frame-ancestors'] ?? env.EDGEVIRT_FRAME_ANCESTORS),
    publicOrigins: splitList(values['public-origin'] ?? env.EDGEVIRT_PUBLIC_ORIGIN),
    allowedHosts: splitList(values['allowed-hosts'] ?? env.EDGEVIRT_ALLOWED_HOSTS),
    trustProxy: values['trust-proxy'] ?? env.EDGEVIRT_TRUST_PROXY === '1',
    limits: definedOnly({
      serialBufferBytes: positive(
        '--serial-buffer-bytes',
        values['serial-buffer-bytes'] ?? env.EDGEVIRT_SERIAL_BUFFER_BYTES,
      ),
      serialLingerMs: positive(
        '--serial-linger-ms',
        values['serial-linger-ms'] ?? env.EDGEVIRT_SERIAL_LINGER_MS,
      ),
    }),
  };
  if (auth === 'oidc') {
    const issuer = values['oidc-issuer'] ?? env.EDGEVIRT_OIDC_ISSUER;
    const clientId = values['oidc-client-id'] ?? env.EDGEVIRT_OIDC_CLIENT_ID;
    const redirectUri = values['oidc-redirect-uri'] ?? env.EDGEVIRT_OIDC_REDIRECT_URI;
    if (!issuer || !clientId || !redirectUri)
      throw new Error('oidc mode needs --oidc-issuer, --oidc-client-id and --oidc-redirect-uri');
    opts.oidc = {
      issuer,
      clientId,
      clientSecret: secret('oidc-client-secret'),
      redirectUri,
      usernameClaim: values['oidc-username-claim'] ?? env.EDGEVIRT_OIDC_USERNAME_CLAIM,
      groupsClaim: values['oidc-groups-claim'] ?? env.EDGEVIRT_OIDC_GROUPS_CLAIM,
    };
  }
  return opts;
}

/**
 * A secret file's content without its final newline (as `kubectl create secret --from-file` and
 * `echo` write it). A missing or empty file is a configuration error, never an empty secret.
 */
function readSecretFile(flag: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${flag}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new Error(`${flag}: ${path} is empty`);
  return value;
}

/** A positive integer flag, or undefined when not given; anything else is a config error. */
function positive(flag: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer (got ${v})`);
  return n;
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "a b,c" → ["a","b","c"]; `'none'` and empty mean no entries. */
export function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s && s !== "'none'" && s !== 'none');
}

/** `site=url` pairs (each URL http or https) as a map. */
function prometheusUrls(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const site = pair.slice(0, at).trim();
    const url = pair.slice(at + 1).trim();
    if (at <= 0 || !/^https?:\/\/[^/]/.test(url))
      throw new Error(`--prometheus needs <site>=<http(s) URL> (got ${pair})`);
    out[site] = url;
  }
  return out;
}
