/** The API's documented maximum PageSize (ListArtifactSubscriptionRule; the others document none). */
export const MAX_PAGE_SIZE = 100;
/** PageSize the exporter asks for: the maximum, so listings take the fewest calls. */
export const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
/** Hard bound on pages per listing (100,000 items at PageSize 100), whatever TotalCount says. */
export const DEFAULT_MAX_PAGES = 1000;

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

export interface PaginateOptions {
  /** PageSize to request, 1..MAX_PAGE_SIZE. @default DEFAULT_PAGE_SIZE (100) */
  pageSize?: number;
  /** Pages fetched at most. @default DEFAULT_MAX_PAGES (1000) */
  maxPages?: number;
  /** Called when maxPages pages were fetched and the API still suggested more. */
  onTruncated?: (pagesFetched: number) => void;
}

/**
 * Walks a paged listing from PageNo 1 and yields each non-empty page's payload. Stops at an
 * empty page, a short page (fewer entries than the page size), when PageNo * PageSize reaches the
 * latest TotalCount (the latest, because entries inserted while paging raise it), or after
 * maxPages pages. Fetches the next page only when the consumer asks for it: it never holds more
 * than one page.
 */
export async function* paginate<P>(
  fetchPage: (pageNo: number, pageSize: number) => Promise<FetchedPage<P>>,
  options: PaginateOptions = {},
): AsyncGenerator<P, void, undefined> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  validatePaging(pageSize, maxPages);

  for (let pageNo = 1; pageNo <= maxPages; pageNo += 1) {
    const page = await fetchPage(pageNo, pageSize);
    if (page.itemCount === 0) return;
    yield page.payload;
    const effectivePageSize = page.pageSize !== undefined && page.pageSize > 0 ? page.pageSize : pageSize;
    if (page.itemCount < effectivePageSize) return;
    if (page.totalCount !== undefined && pageNo * effectivePageSize >= page.totalCount) return;
  }
  options.onTruncated?.(maxPages);
}

/** Throws RangeError for a page size outside 1..MAX_PAGE_SIZE or a page bound below 1. */
export function validatePaging(pageSize: number, maxPages: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer in 1..${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be an integer >= 1, got ${maxPages}`);
}
