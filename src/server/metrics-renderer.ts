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
 * How long the runtime families (process_*, nodejs_*: samples of the process, changing all the time) are
 * reused: scrapes that arrive together (HA Prometheus pairs, federation, a dashboard's refresh) share one
 * rendering of them. Short against any scrape interval. The exporter's own live families (build, reload)
 * are rendered on every scrape: a reload must show at once, and they are a few lines.
 */
export const RUNTIME_FAMILIES_MAX_AGE_MS = 1000;

const RUNTIME_FAMILY = /^(process|nodejs)_/;

/** zlib level of the small gzip members rendered at scrape time: the fastest, since they are a few KiB. */
const LIVE_GZIP_LEVEL = 1;

/** The bytes of one /metrics answer in one encoding, in order (gzip: one member per part). */
export type MetricsBody = readonly Buffer[];

/**
 * /metrics = the exporter registry's runtime families (rendered at most once per RUNTIME_FAMILIES_MAX_AGE_MS),
 * its other live families (rendered per scrape), then the snapshot's exposition, prepared as bytes when the
 * collection published the snapshot (snapshot-exposition.ts). A scrape of a published snapshot writes out its bytes.
 */
export class MetricsRenderer {
  private runtime: { renderedAtMs: number; bytes: PreparedExposition } | undefined;
  /** Expositions this renderer made for snapshots published without one (partial snapshots), made once each. */
  private readonly madeHere = new WeakMap<Snapshot, Promise<SnapshotExposition>>();
  private own: { text: string; bytes: PreparedExposition } | undefined;

  constructor(
    private readonly exporterRegistry: Registry,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async render(snapshot: Snapshot | undefined, encoding: MetricsEncoding): Promise<MetricsBody> {
    const prepared = snapshot ? (snapshot.exposition ?? (await this.makeExposition(snapshot))) : undefined;
    const [runtime, own] = await Promise.all([this.runtimeFamilies(), this.ownLiveFamilies(prepared)]);
    return prepared ? [runtime[encoding], own[encoding], prepared[encoding]] : [runtime[encoding], own[encoding]];
  }

  private makeExposition(snapshot: Snapshot): Promise<SnapshotExposition> {
    let made = this.madeHere.get(snapshot);
    if (!made) {
      made = prepareSnapshotExposition(snapshot, this.exporterRegistry);
      this.madeHere.set(snapshot, made);
    }
    return made;
  }

  private async runtimeFamilies(): Promise<PreparedExposition> {
    const now = this.clock.now();
    const cached = this.runtime;
    if (cached && now >= cached.renderedAtMs && now - cached.renderedAtMs < RUNTIME_FAMILIES_MAX_AGE_MS) return cached.bytes;
    const { text } = await renderFamilies(this.exporterRegistry, (name) => RUNTIME_FAMILY.test(name));
    const bytes = encodeLive(text);
    this.runtime = { renderedAtMs: now, bytes };
    return bytes;
  }

  /** The registry's other families the snapshot's exposition does not include (all of them without a snapshot); gzipped again only when they changed. */
  private async ownLiveFamilies(snapshot: SnapshotExposition | undefined): Promise<PreparedExposition> {
    const snapshotFamilies = snapshot?.longLivedFamilies;
    const { text } = await renderFamilies(this.exporterRegistry, (name) => !RUNTIME_FAMILY.test(name) && !snapshotFamilies?.has(name));
    if (this.own?.text !== text) this.own = { text, bytes: encodeLive(text) };
    return this.own.bytes;
  }
}

function encodeLive(text: string): PreparedExposition {
  const identity = Buffer.from(text, 'utf8');
  return { identity, gzip: gzipSync(identity, { level: LIVE_GZIP_LEVEL }) };
}
