/** One fetched page: its parsed payload and what paging needs to know about it. */
export interface FetchedPage<P> {
  payload: P;
  /** Entries the API sent on this page, valid or not (a page of rejected entries is not empty). */
  itemCount: number;
  /** TotalCount of this response; undefined when absent or not a number. */
  totalCount: number | undefined;
  /** PageSize the API says it used, when it says; a server that caps PageSize lower is still paged correctly. */
  pageSize: number | undefined;
}

/** Why a listing ended short of what the API announced: the label value of acr_exporter_incomplete_listings_total. */
export type IncompleteReason =
  | 'max_pages' // stopped at maxPages while the paging rule said more may follow
  | 'empty_page'; // an empty page came before TotalCount was reached

/** A listing that ended short: how far it got and what the API announced. */
export interface IncompletePaging {
  reason: IncompleteReason;
  pagesFetched: number;
  /** Entries received over all pages, repeats and rejected entries included (positions in the list). */
  listed: number;
  /** The latest TotalCount, when the API sent one. */
  announced: number | undefined;
}

/** pageSize and maxPages: collection.pageSize and collection.maxPages, validated by src/config/schema.ts. */
export interface PaginateOptions {
  /** PageSize to request, 1..MAX_PAGE_SIZE (src/config/schema.ts). */
  pageSize: number;
  /** Pages fetched at most, >= 1. */
  maxPages: number;
  /** Told when the listing ended short of what the API announced (see IncompleteReason). */
  onIncomplete?: (paging: IncompletePaging) => void;
}

/**
 * Walks a paged listing from PageNo 1 and yields each non-empty page's payload, fetching the next
 * page only when the consumer asks for it (it never holds more than one page).
 *
 * Neither TotalCount nor a short page alone ends a listing, because each can be wrong: servers
 * cap PageSize without saying so (answering `PageSize: 100`, serving 50), and TotalCount has been
 * seen lower than the list. With `listed` the entries received so far (repeats included: they
 * are positions in the list), `T` the latest TotalCount (the latest, because entries inserted
 * while paging raise it) and a page "full" when it holds the PageSize asked for (or the lower
 * PageSize the server says it used), the listing ends at:
 * - an empty page (short of T when listed < T: incomplete, `empty_page`);
 * - agreement: a short page with listed >= T. A short page before T means the server capped the
 *   page size, so the next PageNo follows. A full page never ends a listing, even one that exactly
 *   reaches T: a TotalCount capped at a round number sits exactly on a page boundary, and the
 *   price of checking is one empty page for listings whose length is a multiple of PageSize;
 * - without TotalCount: a page shorter than the longest page of this listing (the longest is the
 *   server's real page size as far as this listing shows); else the next page is asked for;
 * - maxPages pages, reported as incomplete (`max_pages`) unless listed == T.
 */
export async function* paginate<P>(
  fetchPage: (pageNo: number, pageSize: number) => Promise<FetchedPage<P>>,
  options: PaginateOptions,
): AsyncGenerator<P, void, undefined> {
  const { pageSize, maxPages } = options;

  let listed = 0;
  let longestPage = 0;
  let announced: number | undefined;
  for (let pageNo = 1; pageNo <= maxPages; pageNo += 1) {
    const page = await fetchPage(pageNo, pageSize);
    announced = page.totalCount ?? announced;
    if (page.itemCount === 0) {
      if (announced !== undefined && listed < announced) options.onIncomplete?.({ reason: 'empty_page', pagesFetched: pageNo, listed, announced });
      return;
    }
    listed += page.itemCount;
    longestPage = Math.max(longestPage, page.itemCount);
    yield page.payload;
    const fullSize = page.pageSize !== undefined && page.pageSize > 0 ? Math.min(page.pageSize, pageSize) : pageSize;
    const full = page.itemCount >= fullSize;
    if (page.totalCount !== undefined ? !full && listed >= page.totalCount : page.itemCount < longestPage) return;
  }
  if (listed !== announced) options.onIncomplete?.({ reason: 'max_pages', pagesFetched: maxPages, listed, announced });
}
