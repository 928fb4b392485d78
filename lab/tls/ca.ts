import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** PEM-encoded key and certificate. */
export interface TlsPair {
  key: string;
  cert: string;
}

/** The lab's certificate authority: signs one serving certificate per site. */
export interface LabCa extends TlsPair {
  issue(commonName: string, hosts: string[]): TlsPair;
  /** A client certificate as kube-apiserver reads one: CN is the user, each O a group. */
  issueClient(user: string, groups: string[]): TlsPair;
}

const DAY = 24 * 3600 * 1000;

// Node's native RSA generation is ~100x faster than forge's pure-JS one; forge only signs.
function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { forgeKey, publicKey, pem };
}

function serial(): string {
  // A positive serial number: clear the top bit.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/** Creates a self-signed CA valid for a year. */
export function createCa(commonName = 'edgevirt-lab-ca'): LabCa {
  const k = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forge.md.sha256.create());
  return caFrom({ key: k.pem, cert: forge.pki.certificateToPem(cert) });
}

/** Wraps stored CA material (from `--data-dir`) so it can issue again. */
export function caFrom(pair: TlsPair): LabCa {
  const caKey = forge.pki.privateKeyFromPem(pair.key);
  const caCert = forge.pki.certificateFromPem(pair.cert);
  return {
    ...pair,
    issue(commonName: string, hosts: string[]): TlsPair {
      const k = rsaKey();
      const cert = forge.pki.createCertificate();
      cert.publicKey = k.publicKey;
      cert.serialNumber = serial();
      cert.validity.notBefore = new Date(Date.now() - DAY);
      cert.validity.notAfter = new Date(Date.now() + 364 * DAY);
      cert.setSubject([{ name: 'commonName', value: commonName }]);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: hosts.map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h })),
        },
      ]);
      cert.sign(caKey, forge.md.sha256.create());
      return { key: k.pem, cert: forge.pki.certificateToPem(cert) };
    },
    issueClient(user: string, groups: string[]): TlsPair {
      const k = rsaKey();
      const cert = forge.pki.createCertificate();
      cert.publicKey = k.publicKey;
      cert.serialNumber = serial();
      cert.validity.notBefore = new Date(Date.now() - DAY);
      cert.validity.notAfter = new Date(Date.now() + 364 * DAY);
      cert.setSubject([
        ...groups.map((g) => ({ name: 'organizationName', value: g })),
        { name: 'commonName', value: user },
      ]);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ]);
      cert.sign(caKey, forge.md.sha256.create());
      return { key: k.pem, cert: forge.pki.certificateToPem(cert) };
    },
  };
}
