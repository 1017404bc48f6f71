import { describe, it, expect, jest } from '@jest/globals';
import { paginate, type FetchedPage } from '../../src/api/paginate.js';

/** A listing of `total` numbered items, served in pages, with a TotalCount that may lie (null: absent). */
function listing(total: number, reportedTotal: number | null = total) {
  const requested: number[] = [];
  const fetchPage = async (pageNo: number, pageSize: number): Promise<FetchedPage<number[]>> => {
    requested.push(pageNo);
    const items = Array.from({ length: total }, (_, i) => i + 1).slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return { payload: items, itemCount: items.length, totalCount: reportedTotal ?? undefined, pageSize: undefined };
  };
  return { fetchPage, requested };
}

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('paginate', () => {
  it('walks pages from PageNo 1 and stops at TotalCount without an extra call', async () => {
    const { fetchPage, requested } = listing(250);

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('asks for one more page when a full page exactly reaches TotalCount (a capped TotalCount sits on a page boundary)', async () => {
    const honest = listing(200);
    const capped = listing(350, 200);
    const onIncomplete = jest.fn();

    const honestPages = await collect(paginate(honest.fetchPage, { pageSize: 100, maxPages: 10, onIncomplete }));
    const cappedPages = await collect(paginate(capped.fetchPage, { pageSize: 100, maxPages: 10, onIncomplete }));

    expect(honestPages.flat()).toHaveLength(200);
    expect(honest.requested).toEqual([1, 2, 3]);
    expect(cappedPages.flat()).toHaveLength(350);
    expect(capped.requested).toEqual([1, 2, 3, 4]);
    expect(onIncomplete).not.toHaveBeenCalled();
  });

  it('keeps going after a full page beyond TotalCount: TotalCount 50 with 250 items lists 250', async () => {
    const { fetchPage, requested } = listing(250, 50);

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(requested).toEqual([1, 2, 3]);
  });

  it('keeps going after a short page before TotalCount: a silent PageSize cap of 50 with 237 items lists 237', async () => {
    const requested: number[] = [];
    const items = Array.from({ length: 237 }, (_, i) => i + 1);
    const fetchPage = async (pageNo: number): Promise<FetchedPage<number[]>> => {
      requested.push(pageNo);
      const page = items.slice((pageNo - 1) * 50, pageNo * 50); // serves 50, says it served PageSize 100
      return { payload: page, itemCount: page.length, totalCount: 237, pageSize: 100 };
    };
    const onIncomplete = jest.fn();

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10, onIncomplete }));

    expect(pages.flat()).toEqual(items);
    expect(requested).toEqual([1, 2, 3, 4, 5]);
    expect(onIncomplete).not.toHaveBeenCalled();
  });

  it('reports an empty page before TotalCount as an incomplete listing, with what was listed and announced', async () => {
    const { fetchPage } = listing(120, 300);
    const onIncomplete = jest.fn();

    const pages = await collect(paginate(fetchPage, { pageSize: 50, maxPages: 10, onIncomplete }));

    expect(pages.flat()).toHaveLength(120);
    expect(onIncomplete).toHaveBeenCalledTimes(1);
    expect(onIncomplete).toHaveBeenCalledWith({ reason: 'empty_page', pagesFetched: 4, listed: 120, announced: 300 });
  });

  it('uses the latest TotalCount: an empty page whose TotalCount dropped to what was listed is complete', async () => {
    let call = 0;
    const fetchPage = async (): Promise<FetchedPage<number>> => {
      call += 1;
      return call === 1 ? { payload: 1, itemCount: 40, totalCount: 90, pageSize: undefined } : { payload: 2, itemCount: 0, totalCount: 40, pageSize: undefined };
    };
    const onIncomplete = jest.fn();

    await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10, onIncomplete }));

    expect(call).toBe(2);
    expect(onIncomplete).not.toHaveBeenCalled();
  });

  it('stops at a short page when TotalCount is absent', async () => {
    const { fetchPage, requested } = listing(120, null);

    const pages = await collect(paginate(fetchPage, { pageSize: 50, maxPages: 10 }));

    expect(pages.flat()).toHaveLength(120);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('stops at an empty page without yielding it', async () => {
    const { fetchPage, requested } = listing(200, null);

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages).toHaveLength(2);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('without TotalCount, a first page shorter than asked may be a silent cap: the next page decides', async () => {
    const { fetchPage, requested } = listing(30, null);

    const pages = await collect(paginate(fetchPage, { pageSize: 30, maxPages: 10 }));
    const short = listing(3, null);
    const shortPages = await collect(paginate(short.fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages.flat()).toHaveLength(30);
    expect(requested).toEqual([1, 2]);
    expect(shortPages.flat()).toHaveLength(3);
    expect(short.requested).toEqual([1, 2]);
  });

  it('yields nothing for an empty listing', async () => {
    const { fetchPage } = listing(0);

    expect(await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }))).toEqual([]);
  });

  it('stops at maxPages when TotalCount lies, and reports the listing as incomplete', async () => {
    const fetchPage = async (pageNo: number, pageSize: number): Promise<FetchedPage<number>> => ({
      payload: pageNo,
      itemCount: pageSize, // always a full page
      totalCount: 1_000_000,
      pageSize: undefined,
    });
    const onIncomplete = jest.fn();

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 7, onIncomplete }));

    expect(pages).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(onIncomplete).toHaveBeenCalledWith({ reason: 'max_pages', pagesFetched: 7, listed: 700, announced: 1_000_000 });
  });

  it('does not report an incomplete listing when the last allowed page reaches TotalCount', async () => {
    const full = listing(300);
    const short = listing(250);
    const onIncomplete = jest.fn();

    await collect(paginate(full.fetchPage, { pageSize: 100, maxPages: 3, onIncomplete }));
    await collect(paginate(short.fetchPage, { pageSize: 100, maxPages: 3, onIncomplete }));

    expect(onIncomplete).not.toHaveBeenCalled();
  });

  it('uses the PageSize the server says it applied, so a lower server cap still pages', async () => {
    const requested: number[] = [];
    const fetchPage = async (pageNo: number): Promise<FetchedPage<number>> => {
      requested.push(pageNo);
      const count = pageNo < 3 ? 30 : 10; // 70 items at a server cap of 30
      return { payload: count, itemCount: count, totalCount: undefined, pageSize: 30 };
    };

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages).toEqual([30, 30, 10]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('fetches a page only when the consumer asks for it', async () => {
    const { fetchPage, requested } = listing(500);
    const pages = paginate(fetchPage, { pageSize: 100, maxPages: 10 });

    await pages.next();
    expect(requested).toEqual([1]);
    await pages.next();
    expect(requested).toEqual([1, 2]);
    await pages.return(undefined);
    expect(requested).toEqual([1, 2]);
  });
});
