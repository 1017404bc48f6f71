import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { Snapshot } from '../../src/collector/snapshot.js';
import type { SnapshotSource } from '../../src/scheduler/snapshot-source.js';
import { createApp } from '../../src/server/create-app.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import { MetricsRenderer } from '../../src/server/metrics-renderer.js';
import { silentLogger } from '../support/silent-logger.js';

const NOW_MS = 1_700_000_000_000;

const snapshot: Snapshot = {
  takenAtMs: NOW_MS - 5_000,
  shard: { index: 0, total: 1 },
  instances: [
    { region: 'cn-hangzhou', instanceId: 'cri-ok', info: { instanceName: 'prod <main>', instanceSpecification: 'Enterprise_Basic', instanceStatus: 'RUNNING' }, collectSuccess: true, collectDurationSeconds: 0.25, lastSuccessTimeMs: NOW_MS - 5_000, tasks: undefined, error: undefined },
    { region: 'cn-hangzhou', instanceId: 'cri-denied', info: undefined, collectSuccess: false, collectDurationSeconds: 0.1, lastSuccessTimeMs: undefined, tasks: undefined, error: { code: 'NoPrivilege', message: 'Access is denied for the user.' } },
  ],
};

class StubSnapshots implements SnapshotSource {
  ready = false;
  scrapes = 0;
  current: Snapshot | undefined;
  async forScrape() {
    this.scrapes += 1;
    return this.current;
  }
  latest() {
    return this.current;
  }
  start() {}
  async close() {}
}

let server: RunningServer;
const snapshots = new StubSnapshots();

beforeAll(async () => {
  const registry = new Registry();
  const app = createApp({
    snapshots,
    renderer: new MetricsRenderer(registry),
    landing: () => ({ version: '9.9.9', mode: 'scrape', regions: [{ id: 'cn-hangzhou', endpoint: 'cr.cn-hangzhou.aliyuncs.com', protocol: 'https', instances: undefined }], shard: { index: 0, total: 1 }, inProgressStatuses: ['RUNNING'] }),
    logger: silentLogger,
    now: () => NOW_MS,
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
});

afterAll(() => server.close());

describe('HTTP routes', () => {
  it('is healthy at once and ready only after the first collection attempt', async () => {
    expect((await fetch(`${server.url}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(503);
    snapshots.ready = true;
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(200);
  });

  it('serves /metrics in the text format with the snapshot gauges', async () => {
    snapshots.current = snapshot;
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-denied"} 0');
    expect(text).toContain('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-ok"} 1');
  });

  it('shows version, regions and each instance’s last collection on the landing page, escaped', async () => {
    snapshots.current = snapshot;
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('Version 9.9.9');
    expect(html).toContain('https://cr.cn-hangzhou.aliyuncs.com');
    expect(html).toContain('prod &lt;main&gt;');
    expect(html).toContain('failed: NoPrivilege: Access is denied for the user.');
    expect(html).toContain('Last instance result 5s ago.');
    expect(html).toContain('<a href="/metrics">');
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Not found: /nope');
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('HEAD /metrics', () => {
  it('answers with the headers of the newest snapshot without starting a collection', async () => {
    snapshots.current = snapshot;
    const scrapesBefore = snapshots.scrapes;
    const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await head.text()).toBe('');
    expect(snapshots.scrapes).toBe(scrapesBefore);

    const get = await fetch(`${server.url}/metrics`);
    const body = await get.text();
    expect(snapshots.scrapes).toBe(scrapesBefore + 1);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(body).toContain('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-ok"} 1');
  });
});

describe('response headers and the 404 page', () => {
  it.each(['/metrics', '/', '/-/healthy', '/-/ready', '/nope'])('sends X-Content-Type-Options: nosniff on %s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends nosniff on 405 answers too', async () => {
    const response = await fetch(`${server.url}/-/ready`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('echoes at most 100 characters of an unknown path, as plain text', async () => {
    const response = await fetch(`${server.url}/${'a'.repeat(500)}<script>`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(`Not found: /${'a'.repeat(99)}.... Try /metrics, / or /-/healthy\n`);
  });
});
