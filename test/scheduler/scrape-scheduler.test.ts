import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/clock.js';
import { silentLogger as logger } from '../support/silent-logger.js';
import { ScrapeScheduler } from '../../src/scheduler/scrape-scheduler.js';
import { FakeCollection, flush } from './fake-collection.js';


function setup(options: { cacheTtlMs: number; scrapeTimeoutMs: number }) {
  const clock = new ManualClock(1_000_000);
  const collection = new FakeCollection(clock);
  const scheduler = new ScrapeScheduler(collection, { ...options, clock, logger });
  return { clock, collection, scheduler };
}

describe('ScrapeScheduler', () => {
  it('shares one collection among concurrent scrapes (single flight)', async () => {
    const { collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    const scrapes = Array.from({ length: 20 }, () => scheduler.forScrape());
    await flush();
    expect(collection.started).toBe(1);
    const snapshot = collection.finish(1);
    for (const result of await Promise.all(scrapes)) expect(result).toBe(snapshot);
  });

  it('serves the cached snapshot within cacheTtl and collects again after it', async () => {
    const { clock, collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    const first = scheduler.forScrape();
    await flush();
    const snapshot = collection.finish(1);
    await first;

    await clock.advance(29_000);
    expect(await scheduler.forScrape()).toBe(snapshot);
    expect(collection.started).toBe(1);

    await clock.advance(1_001);
    const later = scheduler.forScrape();
    await flush();
    expect(collection.started).toBe(2);
    const next = collection.finish(2);
    expect(await later).toBe(next);
  });

  it('answers a scrape with the last good snapshot when a collection outlives scrapeTimeout, and caches the late result', async () => {
    const { clock, collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    const first = scheduler.forScrape();
    await flush();
    const old = collection.finish(1);
    await first;
    await clock.advance(31_000);

    const slow = scheduler.forScrape();
    await flush();
    expect(collection.started).toBe(2);
    await clock.advance(10_000);
    expect(await slow).toBe(old);

    const late = collection.finish(2);
    await flush();
    expect(await scheduler.forScrape()).toBe(late);
    expect(collection.started).toBe(2);
  });

  it('is not ready before the first attempt and stays up when a collection fails', async () => {
    const { collection, scheduler } = setup({ cacheTtlMs: 0, scrapeTimeoutMs: 10_000 });
    expect(scheduler.ready).toBe(false);
    const scrape = scheduler.forScrape();
    await flush();
    collection.fail(new Error('boom'));
    expect(await scrape).toBeUndefined();
    expect(scheduler.ready).toBe(true);
  });
});

describe('ScrapeScheduler with a hanging instance', () => {
  it('answers a scrape that outlives scrapeTimeout with the instances this collection finished so far', async () => {
    const { clock, collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    const first = scheduler.forScrape();
    await flush();
    collection.finish(1);
    await first;
    await clock.advance(31_000);

    const slow = scheduler.forScrape();
    await flush();
    const partial = collection.publish(2);
    await clock.advance(10_000);
    expect(await slow).toBe(partial);
    expect(scheduler.latest()).toBe(partial);
  });

  it('turns ready scrapeTimeout after the first collection started once an instance has finished, without waiting for the rest', async () => {
    const { clock, collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    scheduler.start();
    await flush();
    await clock.advance(3_000);
    collection.publish(3);
    expect(scheduler.ready).toBe(false);
    await clock.advance(7_000);
    expect(scheduler.ready).toBe(true);
    expect(collection.attempted).toBe(false);
    collection.finish(20);
  });
});

describe('ScrapeScheduler on shutdown', () => {
  it('answers scrapes waiting for a collection at once with the last snapshot', async () => {
    const { clock, collection, scheduler } = setup({ cacheTtlMs: 0, scrapeTimeoutMs: 10_000 });
    const first = scheduler.forScrape();
    await flush();
    const old = collection.finish(1);
    await first;
    await clock.advance(1_000);

    const waiting = scheduler.forScrape();
    await flush();
    expect(collection.inFlight).toBe(1);
    const closed = scheduler.close();
    expect(await waiting).toBe(old);
    collection.finish(2);
    await closed;
  });
});

describe('ScrapeScheduler start', () => {
  it('collects once at start, so readiness does not wait for a scrape, and the first scrape joins that collection', async () => {
    const { collection, scheduler } = setup({ cacheTtlMs: 30_000, scrapeTimeoutMs: 10_000 });
    scheduler.start();
    await flush();
    expect(collection.started).toBe(1);
    expect(scheduler.ready).toBe(false);
    const scrape = scheduler.forScrape();
    await flush();
    expect(collection.started).toBe(1);
    const snapshot = collection.finish(1);
    expect(await scrape).toBe(snapshot);
    expect(scheduler.ready).toBe(true);
  });
});
