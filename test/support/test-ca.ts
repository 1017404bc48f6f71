/**
 * A throwaway certificate authority made with the openssl CLI: a CA, server certificates for
 * 127.0.0.1 and a client certificate it signed, as PEM files in a temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caCert: string;
  /** Writes a new key and certificate for 127.0.0.1 signed by the CA; returns their paths. */
  issue(name: string, options?: { client?: boolean }): { cert: string; key: string };
  /** Removes the directory. */
  remove(): void;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'acr-test-ca-'));
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test CA'], dir);
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    issue(name, options = {}) {
      const extensions = options.client ? 'extendedKeyUsage=clientAuth' : 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth';
      writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`);
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
      return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const readPem = (path: string) => readFileSync(path, 'utf8');
