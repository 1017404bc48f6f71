/**
 * The chart's webConfig as `helm template` renders it: the Secret and its mount, the flag, the
 * probes (HTTPS with TLS, tcpSocket with basic auth), the monitors' scheme, tlsConfig and basicAuth,
 * and the helm test pod. The rendered web-config.yml is loaded by the exporter's own reader.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { loadWebConfig } from '../../src/server/web-config.js';
import { createTestCa } from '../support/test-ca.js';
import { FULLNAME, NAMESPACE, describeWithHelm, only, render, renderError, type Manifest } from './helm-template.js';

const HASH = '$2b$04$mlQBnmMEAvqs/PeduCU0Ne/79l8cyEQg8mFYtpqsicFOb4OsoP5HK';
const TLS_CONFIG = { tls_server_config: { cert_file: 'tls.crt', key_file: 'tls.key' } };
const BASIC_AUTH = { username: { name: 'scrape', key: 'user' }, password: { name: 'scrape', key: 'password' } };

interface Container {
  args: string[];
  livenessProbe: Record<string, unknown>;
  readinessProbe: Record<string, unknown>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
  env?: Array<{ name: string; value: string }>;
}

function exporterPod(manifests: Manifest[]): { container: Container; volumes: Array<{ name: string; projected?: { sources: unknown[] } }> } {
  const template = only(manifests, 'Deployment').spec?.template as { spec: { containers: Container[]; volumes: Array<{ name: string; projected?: { sources: unknown[] } }> } };
  return { container: template.spec.containers[0] as Container, volumes: template.spec.volumes };
}

const endpointOf = (manifests: Manifest[], kind: 'ServiceMonitor' | 'PodMonitor') =>
  ((only(manifests, kind).spec?.[kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'] as Array<Record<string, unknown>>)[0] ?? {});

const webArgs = (config: object, more: string[] = []) => ['--set', 'webConfig.enabled=true', '--set-json', `webConfig.config=${JSON.stringify(config)}`, ...more];

describeWithHelm('the chart web config tests')('webConfig', () => {
  it('is off by default: no flag, no Secret, httpGet probes over http, monitors over http', () => {
    const manifests = render(undefined, ['--set', 'serviceMonitor.enabled=true']);
    const { container } = exporterPod(manifests);
    expect(container.args).not.toContain('--web.config.file');
    expect(manifests.filter((m) => m.kind === 'Secret' && m.metadata.name.endsWith('-web-config'))).toEqual([]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http-metrics' });
    expect(endpointOf(manifests, 'ServiceMonitor')).toMatchObject({ scheme: 'http' });
    expect(endpointOf(manifests, 'ServiceMonitor').tlsConfig).toBeUndefined();
  });

  it('with TLS: mounts the config and the TLS Secret, probes over HTTPS, monitors verify with its ca.crt', () => {
    const manifests = render(undefined, webArgs(TLS_CONFIG, ['--set', 'webConfig.tlsSecret=acr-tls', '--set', 'serviceMonitor.enabled=true']));
    const { container, volumes } = exporterPod(manifests);
    expect(container.args.join(' ')).toContain('--web.config.file /etc/acr-web/web-config.yml');
    expect(container.volumeMounts).toContainEqual({ name: 'web-config', mountPath: '/etc/acr-web', readOnly: true });
    expect(volumes.find((volume) => volume.name === 'web-config')?.projected?.sources).toEqual([
      { secret: { name: `${FULLNAME}-web-config`, items: [{ key: 'web-config.yml', path: 'web-config.yml' }] } },
      { secret: { name: 'acr-tls' } },
    ]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http-metrics', scheme: 'HTTPS' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http-metrics', scheme: 'HTTPS' });
    expect(endpointOf(manifests, 'ServiceMonitor')).toMatchObject({
      scheme: 'https',
      tlsConfig: { ca: { secret: { name: 'acr-tls', key: 'ca.crt' } }, serverName: `${FULLNAME}.${NAMESPACE}.svc` },
    });
    const testPod = (only(manifests, 'Pod').spec as { containers: Container[] }).containers[0];
    expect(testPod?.env).toContainEqual({ name: 'EXPORTER_URL', value: `https://${FULLNAME}.${NAMESPACE}.svc:9742` });
    expect(testPod?.env).toContainEqual({ name: 'NODE_EXTRA_CA_CERTS', value: '/etc/acr-web-ca/ca.crt' });
  });

  it('with basic auth: tcpSocket probes, and the monitors must carry basicAuth', () => {
    const config = { ...TLS_CONFIG, basic_auth_users: { prometheus: HASH } };
    expect(renderError(webArgs(config, ['--set', 'podMonitor.enabled=true']))).toContain('podMonitor.basicAuth is required');
    const manifests = render(undefined, webArgs(config, ['--set', 'podMonitor.enabled=true', '--set-json', `podMonitor.basicAuth=${JSON.stringify(BASIC_AUTH)}`]));
    const { container } = exporterPod(manifests);
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'http-metrics' } });
    expect(container.livenessProbe.httpGet).toBeUndefined();
    expect(container.readinessProbe).toMatchObject({ tcpSocket: { port: 'http-metrics' } });
    expect(endpointOf(manifests, 'PodMonitor')).toMatchObject({ scheme: 'https', basicAuth: BASIC_AUTH });
    const testPod = (only(manifests, 'Pod').spec as { containers: Container[] }).containers[0];
    expect(testPod?.env).toContainEqual({ name: 'EXPECT_STATUS', value: '401' });
  });

  it('with an existing Secret: mounts it, makes none, and follows the tls flag', () => {
    const manifests = render(undefined, ['--set', 'webConfig.enabled=true', '--set', 'webConfig.existingSecret=my-web', '--set', 'webConfig.tls=true', '--set', 'serviceMonitor.enabled=true']);
    expect(manifests.filter((m) => m.kind === 'Secret' && m.metadata.name.endsWith('-web-config'))).toEqual([]);
    expect(exporterPod(manifests).volumes.find((volume) => volume.name === 'web-config')?.projected?.sources).toEqual([
      { secret: { name: 'my-web', items: [{ key: 'web-config.yml', path: 'web-config.yml' }] } },
    ]);
    expect(endpointOf(manifests, 'ServiceMonitor')).toMatchObject({ scheme: 'https' });
  });

  it("renders a web-config.yml the exporter loads, with the TLS Secret's files beside it", async () => {
    const config = { ...TLS_CONFIG, basic_auth_users: { prometheus: HASH }, http_server_config: { headers: { 'X-Frame-Options': 'deny' } } };
    const secret = render(undefined, webArgs(config)).find((m) => m.kind === 'Secret' && m.metadata.name === `${FULLNAME}-web-config`);
    const ca = createTestCa();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'acr-web-mount-'));
    try {
      const issued = ca.issue('server');
      copyFileSync(issued.cert, path.join(dir, 'tls.crt'));
      copyFileSync(issued.key, path.join(dir, 'tls.key'));
      writeFileSync(path.join(dir, 'web-config.yml'), Buffer.from(secret?.data?.['web-config.yml'] ?? '', 'base64'));
      const settings = await loadWebConfig(path.join(dir, 'web-config.yml'));
      expect(settings.tls?.files).toEqual([path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')]);
      expect([...settings.users.keys()]).toEqual(['prometheus']);
      expect(settings.headers).toEqual({ 'X-Frame-Options': 'deny' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      ca.remove();
    }
  });
});
