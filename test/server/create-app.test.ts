import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Counter, Registry } from 'prom-client';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '../../src/clock.js';
import { snapshotPreparer } from '../../src/collector/snapshot-exposition.js';
import type { Snapshot } from '../../src/collector/snapshot.js';
import type { SnapshotSource } from '../../src/scheduler/snapshot-source.js';
import { createApp } from '../../src/server/create-app.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import { MetricsRenderer } from '../../src/server/metrics-renderer.js';
import { silentLogger } from '../support/silent-logger.js';
import { rawRequest } from './raw-request.js';

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
const registry = new Registry();
new Counter({ name: 'own_events_total', help: 'Events.', registers: [registry] }).inc(3);

beforeAll(async () => {
  const app = createApp({
    snapshots,
    renderer: new MetricsRenderer(registry, new ManualClock(NOW_MS)),
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

describe('/metrics encodings', () => {
  const url = () => `${server.url}/metrics`;

  it('answers gzip members that decode to the identity answer when Accept-Encoding accepts gzip (as Prometheus sends it)', async () => {
    snapshots.current = await snapshotPreparer(registry)(snapshot);

    const identity = await rawRequest(url());
    const gzip = await rawRequest(url(), { headers: { 'Accept-Encoding': 'gzip' } });

    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    for (const answer of [identity, gzip]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['vary']).toBe('Accept-Encoding');
      expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    }
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(identity.body.toString('utf8'));
    expect(identity.body.toString('utf8')).toContain('own_events_total 3\n');
    expect(identity.body.toString('utf8')).toContain('acr_exporter_collect_success{region="cn-hangzhou",instance_id="cri-ok"} 1\n');
  });

  it('answers identity when gzip has q=0, and 406 when identity is refused too', async () => {
    snapshots.current = await snapshotPreparer(registry)(snapshot);

    const refused = await rawRequest(url(), { headers: { 'Accept-Encoding': 'gzip;q=0' } });
    const none = await rawRequest(url(), { headers: { 'Accept-Encoding': 'identity;q=0' } });

    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toContain('# TYPE acr_exporter_collect_success gauge\n');
    expect(none.status).toBe(406);
    expect(none.body.toString('utf8')).toBe('Not acceptable: /metrics is served as gzip or identity, and Accept-Encoding refuses both\n');
  });

  it.each(['/metrics?debug=1', '/metrics/', '/METRICS'])('serves %s like /metrics', async (path) => {
    snapshots.current = await snapshotPreparer(registry)(snapshot);

    const [variant, canonical] = [await rawRequest(`${server.url}${path}`), await rawRequest(url())];

    expect(variant.status).toBe(200);
    expect(variant.headers['x-content-type-options']).toBe('nosniff');
    expect(variant.body.equals(canonical.body)).toBe(true);
  });
});

describe('HEAD /metrics', () => {
  it.each([undefined, 'gzip'])('answers with the headers GET sends (Accept-Encoding %p) without starting a collection', async (acceptEncoding) => {
    snapshots.current = await snapshotPreparer(registry)(snapshot);
    const headers: Record<string, string> = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
    const scrapesBefore = snapshots.scrapes;

    const head = await rawRequest(`${server.url}/metrics`, { method: 'HEAD', headers });
    expect(snapshots.scrapes).toBe(scrapesBefore);
    const get = await rawRequest(`${server.url}/metrics`, { headers });

    expect(snapshots.scrapes).toBe(scrapesBefore + 1);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const header of ['content-type', 'content-encoding', 'content-length', 'vary']) {
      expect([header, head.headers[header]]).toEqual([header, get.headers[header]]);
    }
    expect(Number(head.headers['content-length'])).toBe(get.body.length);
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
