/**
 * One copy of each distinct string: the task lists kept between collections hold the same few
 * statuses, results, namespaces and repositories thousands of times, and strings parsed from
 * JSON are separate copies. Grows with the distinct strings given; drop it with what uses it.
 */
export class StringInterner {
  private readonly strings = new Map<string, string>();

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /** Distinct strings held. */
  get size(): number {
    return this.strings.size;
  }
}
