import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { silentLogger as logger } from '../support/silent-logger.js';
import { IntervalScheduler } from '../../src/scheduler/interval-scheduler.js';
import { FakeCollection, flush } from './fake-collection.js';


describe('IntervalScheduler', () => {
  it('collects at start and every interval; scrapes never start a collection', async () => {
    const clock = new ManualClock(0);
    const collection = new FakeCollection();
    const scheduler = new IntervalScheduler(collection, { intervalMs: 60_000, readyGraceMs: 10_000, clock, logger });

    expect(await scheduler.forScrape()).toBeUndefined();
    scheduler.start();
    await flush();
    expect(collection.started).toBe(1);
    const first = collection.finish(0);
    await flush();

    for (let i = 0; i < 5; i++) expect(await scheduler.forScrape()).toBe(first);
    expect(collection.started).toBe(1);

    await clock.advance(60_000);
    expect(collection.started).toBe(2);
    collection.finish(60_000);
    await scheduler.close();
  });

  it('skips a tick while the previous collection is still running (no overlap)', async () => {
    const clock = new ManualClock(0);
    const collection = new FakeCollection();
    const scheduler = new IntervalScheduler(collection, { intervalMs: 60_000, readyGraceMs: 10_000, clock, logger });
    scheduler.start();
    await flush();

    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(collection.started).toBe(1);
    expect(collection.inFlight).toBe(1);
    expect(scheduler.skippedTicks).toBe(2);

    collection.finish(120_000);
    await flush();
    await clock.advance(60_000);
    expect(collection.started).toBe(2);
    collection.finish(180_000);
    await scheduler.close();
  });
});
