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

  it('stops at TotalCount when the last page is full', async () => {
    const { fetchPage, requested } = listing(200);

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }));

    expect(pages).toHaveLength(2);
    expect(requested).toEqual([1, 2]);
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

  it('yields nothing for an empty listing', async () => {
    const { fetchPage } = listing(0);

    expect(await collect(paginate(fetchPage, { pageSize: 100, maxPages: 10 }))).toEqual([]);
  });

  it('stops at maxPages when TotalCount lies, and reports the truncation', async () => {
    const fetchPage = async (pageNo: number, pageSize: number): Promise<FetchedPage<number>> => ({
      payload: pageNo,
      itemCount: pageSize, // always a full page
      totalCount: 1_000_000,
      pageSize: undefined,
    });
    const onTruncated = jest.fn();

    const pages = await collect(paginate(fetchPage, { pageSize: 100, maxPages: 7, onTruncated }));

    expect(pages).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(onTruncated).toHaveBeenCalledWith(7);
  });

  it('does not report truncation when the last allowed page ends the listing', async () => {
    const { fetchPage } = listing(300);
    const onTruncated = jest.fn();

    await collect(paginate(fetchPage, { pageSize: 100, maxPages: 3, onTruncated }));

    expect(onTruncated).not.toHaveBeenCalled();
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

  it('rejects a page size above 100 or a page bound below 1', async () => {
    const { fetchPage } = listing(1);

    await expect(collect(paginate(fetchPage, { pageSize: 101, maxPages: 1 }))).rejects.toThrow(RangeError);
    await expect(collect(paginate(fetchPage, { pageSize: 10, maxPages: 0 }))).rejects.toThrow(RangeError);
  });
});
