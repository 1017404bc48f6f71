/** Slots allocated by a new set; the arrays double as entries arrive, up to the bound. */
const INITIAL_CAPACITY = 1024;
/** The index table is kept at least this many times larger than the slots, so probe runs stay short. */
const TABLE_SLACK = 2;
/** No slot (end of the recency list). */
const NONE = -1;
/** An empty cell of the index table, which stores slot + 1. */
const EMPTY = 0;
const TWO_TO_32 = 2 ** 32;

/**
 * A bounded set of safe integers (meant for hashes, see task-id-hash.ts) that forgets the least
 * recently added value when full. Everything lives in typed arrays, outside the JavaScript heap,
 * at about 26 bytes per entry (a Float64Array of values, two Int32Arrays for the recency list, an
 * Int32Array index with linear probing at load <= 0.5): 200,000 entries take about 5 MB, and the
 * garbage collector never walks them. The arrays grow by doubling up to `max`, so an unused
 * bound costs nothing.
 */
export class LruNumberSet {
  private capacity = 0;
  private values = new Float64Array(0);
  /** slot -> the next more recently added slot, or NONE. */
  private newer = new Int32Array(0);
  /** slot -> the next less recently added slot, or NONE. */
  private older = new Int32Array(0);
  /** Open addressing over the values' mixed bits: slot + 1, or EMPTY. */
  private table = new Int32Array(0);
  private mask = 0;
  private count = 0;
  private evictionCount = 0;
  private oldest = NONE;
  private newest = NONE;

  /** @param max entries held at most, >= 1; Number.MAX_SAFE_INTEGER for a set that never forgets */
  constructor(readonly max: number) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1, got ${max}`);
    this.resize(Math.min(max, INITIAL_CAPACITY));
  }

  /** Entries held now (at most `max`). */
  get size(): number {
    return this.count;
  }

  /** Values forgotten so far because the set was full (deletions not counted). */
  get evictions(): number {
    return this.evictionCount;
  }

  /**
   * Adds the value as the most recently added and says whether it was absent. When the set is
   * full, a new value replaces the least recently added one.
   */
  add(value: number): boolean {
    let cell = this.find(value);
    const held = this.table[cell]!;
    if (held !== EMPTY) {
      this.makeNewest(held - 1);
      return false;
    }
    let slot: number;
    if (this.count < this.max) {
      if (this.count === this.capacity) {
        this.resize(Math.min(this.max, this.capacity * 2));
        cell = this.find(value);
      }
      slot = this.count;
      this.count += 1;
    } else {
      slot = this.oldest;
      this.evictionCount += 1;
      this.unlink(slot);
      this.removeCell(this.find(this.values[slot]!));
      cell = this.find(value);
    }
    this.values[slot] = value;
    this.table[cell] = slot + 1;
    this.linkNewest(slot);
    return true;
  }

  /** Whether the value is held; does not change which value is forgotten next. */
  has(value: number): boolean {
    return this.table[this.find(value)] !== EMPTY;
  }

  /** Removes the value; says whether it was held. */
  delete(value: number): boolean {
    const cell = this.find(value);
    const held = this.table[cell]!;
    if (held === EMPTY) return false;
    const slot = held - 1;
    this.unlink(slot);
    this.removeCell(cell);
    // Slots 0 .. count-1 stay in use (resize relies on it): the last slot moves into the hole.
    const last = this.count - 1;
    if (slot !== last) this.moveSlot(last, slot);
    this.count -= 1;
    return true;
  }

  /** The cell that holds the value, or the empty cell where it would go. */
  private find(value: number): number {
    let cell = this.home(value);
    for (;;) {
      const held = this.table[cell]!;
      if (held === EMPTY || this.values[held - 1] === value) return cell;
      cell = (cell + 1) & this.mask;
    }
  }

  /** The first cell probed for a value: both 32-bit halves through murmur3's finaliser, so values need not be hashes. */
  private home(value: number): number {
    let h = (value >>> 0) ^ Math.imul(Math.floor(value / TWO_TO_32), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** Empties a cell without breaking a probe run (backward-shift deletion: no tombstones). */
  private removeCell(cell: number): void {
    let hole = cell;
    for (let next = (cell + 1) & this.mask; this.table[next] !== EMPTY; next = (next + 1) & this.mask) {
      const home = this.home(this.values[this.table[next]! - 1]!);
      // The entry at `next` may fill the hole when the hole lies on its probe path, home .. next.
      if (((next - home) & this.mask) >= ((next - hole) & this.mask)) {
        this.table[hole] = this.table[next]!;
        hole = next;
      }
    }
    this.table[hole] = EMPTY;
  }

  /** Moves the entry in slot `from` to the free slot `to`, keeping its place in the recency list. */
  private moveSlot(from: number, to: number): void {
    const value = this.values[from]!;
    const newer = this.newer[from]!;
    const older = this.older[from]!;
    this.values[to] = value;
    this.newer[to] = newer;
    this.older[to] = older;
    if (newer === NONE) this.newest = to;
    else this.older[newer] = to;
    if (older === NONE) this.oldest = to;
    else this.newer[older] = to;
    this.table[this.find(value)] = to + 1;
  }

  private makeNewest(slot: number): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    this.linkNewest(slot);
  }

  private unlink(slot: number): void {
    const newer = this.newer[slot]!;
    const older = this.older[slot]!;
    if (newer === NONE) this.newest = older;
    else this.older[newer] = older;
    if (older === NONE) this.oldest = newer;
    else this.newer[older] = newer;
  }

  private linkNewest(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }

  /** Grows the slot arrays to `capacity` and rebuilds the index for the values held. */
  private resize(capacity: number): void {
    const values = new Float64Array(capacity);
    const newer = new Int32Array(capacity);
    const older = new Int32Array(capacity);
    values.set(this.values);
    newer.set(this.newer);
    older.set(this.older);
    this.values = values;
    this.newer = newer;
    this.older = older;
    this.capacity = capacity;

    let cells = 1;
    while (cells < capacity * TABLE_SLACK) cells *= 2;
    this.table = new Int32Array(cells);
    this.mask = cells - 1;
    // Slots 0 .. count-1 are all in use: slots are handed out in order and reused in place.
    for (let slot = 0; slot < this.count; slot += 1) this.table[this.find(this.values[slot]!)] = slot + 1;
  }
}
