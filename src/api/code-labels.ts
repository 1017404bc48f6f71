/**
 * Bounds the `code` label of the API metrics. The API names its failures with whatever Code it
 * likes, and every new value would be a new series kept for the life of the process; after the
 * first few per action, further codes are counted under OTHER_CODE. Each code's first occurrence
 * is reported once, so that the code itself is still on record (in the log).
 */

/** Distinct `code` values per action, `success` and OTHER_CODE included. */
export const MAX_CODES_PER_ACTION = 20;
/** The label value of codes past the bound. */
export const OTHER_CODE = 'other';
/** Codes past the bound whose first occurrence is still reported, per action; later ones are counted silently. */
const MAX_REPORTED_OTHER_CODES = 100;

/** How a code was first seen: as its own label value, or counted as OTHER_CODE. */
export type FirstOccurrence = { action: string; code: string; label: string };

export class CodeLabels {
  private readonly labelled = new Map<string, Set<string>>();
  private readonly reportedOthers = new Map<string, Set<string>>();

  constructor(
    /** Codes that always keep their own label value and are never reported (the success code). */
    private readonly reserved: ReadonlySet<string>,
    /** Told once per code and action, the first time the code comes. */
    private readonly onFirstOccurrence: (occurrence: FirstOccurrence) => void,
  ) {}

  /** The label value for `code` on `action`. */
  label(action: string, code: string): string {
    if (this.reserved.has(code)) return code;
    const labelled = this.setOf(this.labelled, action);
    if (labelled.has(code)) return code;
    // The reserved codes and OTHER_CODE take their places within the bound.
    if (labelled.size < MAX_CODES_PER_ACTION - this.reserved.size - 1) {
      labelled.add(code);
      this.onFirstOccurrence({ action, code, label: code });
      return code;
    }
    const reported = this.setOf(this.reportedOthers, action);
    if (!reported.has(code) && reported.size < MAX_REPORTED_OTHER_CODES) {
      reported.add(code);
      this.onFirstOccurrence({ action, code, label: OTHER_CODE });
    }
    return OTHER_CODE;
  }

  private setOf(map: Map<string, Set<string>>, action: string): Set<string> {
    let set = map.get(action);
    if (!set) {
      set = new Set();
      map.set(action, set);
    }
    return set;
  }
}
