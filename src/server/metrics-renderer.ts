import { Registry } from 'prom-client';
import { gzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import type { PreparedExposition } from '../collector/prepared-exposition.js';
import { renderFamilies } from '../collector/render-families.js';
import { prepareSnapshotExposition, type SnapshotExposition } from '../collector/snapshot-exposition.js';
import type { Snapshot } from '../collector/snapshot.js';
import type { MetricsEncoding } from './accepted-encoding.js';

/**
 * The classic text format (0.0.4) only. prom-client 15 renders OpenMetrics by renaming counter objects
 * in place (it strips `_total` from `metric.name` on every OpenMetrics render), so one process cannot
 * serve both formats from the same metrics without corrupting the text format; Prometheus reads the
 * text format whatever it asks for first.
 */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * How long the live families (process_*, nodejs_*, build and reload metrics) are reused: scrapes that
 * arrive together (HA Prometheus pairs, federation, a dashboard's refresh) share one rendering of them.
 * Short against any scrape interval, so each scrape still sees the process as it is now.
 */
export const LIVE_FAMILIES_MAX_AGE_MS = 1000;

/** zlib level of the small live gzip member, rendered at scrape time: the fastest, since it is a few KiB. */
const LIVE_GZIP_LEVEL = 1;

/** The bytes of one /metrics answer in one encoding, in order (gzip: one member per part). */
export type MetricsBody = readonly Buffer[];

/**
 * /metrics = the exporter registry's live families, rendered at scrape time (at most once per
 * LIVE_FAMILIES_MAX_AGE_MS), followed by the snapshot's exposition, prepared as bytes when the collection
 * published the snapshot (snapshot-exposition.ts). A scrape of a published snapshot writes out its bytes.
 */
export class MetricsRenderer {
  private live: { renderedAtMs: number; snapshotFamilies: ReadonlySet<string> | undefined; bytes: PreparedExposition } | undefined;

  constructor(
    private readonly exporterRegistry: Registry,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async render(snapshot: Snapshot | undefined, encoding: MetricsEncoding): Promise<MetricsBody> {
    const prepared = snapshot ? (snapshot.exposition ?? (await prepareSnapshotExposition(snapshot, this.exporterRegistry))) : undefined;
    const live = await this.liveFamilies(prepared);
    return prepared ? [live[encoding], prepared[encoding]] : [live[encoding]];
  }

  /** The registry's families the snapshot's exposition does not include (all of them without a snapshot). */
  private async liveFamilies(snapshot: SnapshotExposition | undefined): Promise<PreparedExposition> {
    const now = this.clock.now();
    const snapshotFamilies = snapshot?.longLivedFamilies;
    const cached = this.live;
    if (cached && cached.snapshotFamilies === snapshotFamilies && now - cached.renderedAtMs < LIVE_FAMILIES_MAX_AGE_MS && now >= cached.renderedAtMs) {
      return cached.bytes;
    }
    const { text } = await renderFamilies(this.exporterRegistry, (name) => !snapshotFamilies?.has(name));
    const identity = Buffer.from(text, 'utf8');
    const bytes = { identity, gzip: gzipSync(identity, { level: LIVE_GZIP_LEVEL }) };
    this.live = { renderedAtMs: now, snapshotFamilies, bytes };
    return bytes;
  }
}
