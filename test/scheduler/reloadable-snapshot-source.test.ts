import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { IntervalScheduler } from '../../src/scheduler/interval-scheduler.js';
import { ReloadableSnapshotSource } from '../../src/scheduler/reloadable-snapshot-source.js';
import { ScrapeScheduler } from '../../src/scheduler/scrape-scheduler.js';
import { silentLogger as logger } from '../support/silent-logger.js';
import { FakeCollection, flush } from './fake-collection.js';

describe('ReloadableSnapshotSource', () => {
  it('switches from scrape to interval mode on the same collection: readiness and snapshot carry over, the new scheduler collects at once', async () => {
    const clock = new ManualClock(1_000_000);
    const collection = new FakeCollection(clock);
    const source = new ReloadableSnapshotSource(new ScrapeScheduler(collection, { cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000, clock, logger }));
    source.start();
    await flush();
    const first = collection.finish(1);
    await flush();
    expect(source.ready).toBe(true);

    // A scrape waiting on the old scheduler's collection is answered with the newest snapshot when it is replaced.
    await clock.advance(31_000);
    const waiting = source.forScrape();
    await flush();
    expect(collection.inFlight).toBe(1);
    source.replace(new IntervalScheduler(collection, { intervalMs: 60_000, readyGraceMs: 10_000, clock, logger }));
    expect(await waiting).toBe(first);
    await flush();
    expect(collection.started).toBe(3);
    expect(source.ready).toBe(true);
    expect(await source.forScrape()).toBe(first);

    collection.finish(2);
    const second = collection.finish(3);
    await flush();
    expect(await source.forScrape()).toBe(second);
    expect(collection.started).toBe(3);
    await source.close();
  });
});
