/** What did not reconcile in an incremental listing: the `mismatch:<what>` of its log line. */
export type MismatchKind =
  | 'head' // the first known task was not found where the head of the list ends
  | 'position' // a known task is not where the known list puts it
  | 'total_count' // TotalCount absent, changing between the pages of one collection, or not what the known list allows
  | 'page_length' // a page holds more or fewer entries than TotalCount and PageSize say
  | 'order' // new tasks not newest first, or a re-read task out of StartTime order
  | 'invalid_entry'; // an entry without a TaskId or a StartTime where the known list needs one

/**
 * The known task list of an instance does not reconcile with the pages just read: the lister
 * lists in full at once instead. Never leaves the lister.
 */
export class ListingMismatch extends Error {
  override readonly name = 'ListingMismatch';

  constructor(
    readonly what: MismatchKind,
    detail: string,
  ) {
    super(`${what}: ${detail}`);
  }
}
