import type { SubscriptionTask } from '../model/subscription-task.js';

/** The string fields of a task, stored as indexes into a StringTable (few distinct values each). */
const STRING_FIELDS = [
  'instanceId',
  'taskStatus',
  'taskResult',
  'taskType',
  'artifactType',
  'sourceProvider',
  'sourceRepoType',
  'sourceNamespaceName',
  'sourceRepoName',
  'namespaceName',
  'repoName',
  'message',
] as const satisfies readonly (keyof SubscriptionTask)[];

/** The optional number fields of a task, stored as float64 (NaN for undefined: every real value is finite). */
const NUMBER_FIELDS = ['startTimeMs', 'endTimeMs', 'tagTotalCount', 'tagSubscriptionCount'] as const satisfies readonly (keyof SubscriptionTask)[];

/**
 * Each distinct string once, by index: the kept task lists repeat the same statuses, results,
 * namespaces, repositories and messages thousands of times. Grows with the distinct strings
 * given; it is dropped with the lists that use it (a full listing starts a new one).
 */
export class StringTable {
  private readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  at(index: number): string {
    return this.values[index] as string;
  }

  /** Distinct strings held. */
  get size(): number {
    return this.values.length;
  }
}

/**
 * Tasks stored by column, for the lists incremental listing keeps between collections: the TaskId
 * as a string, the other strings as 32-bit indexes into a shared StringTable, the times and tag
 * counts in a Float64Array. About 130 bytes a task instead of a parsed object's 300-odd (17
 * properties, boxed epoch-millisecond numbers, a wrapper per entry), and no object per task for
 * the garbage collector to walk: what the heap holds, and what the process's RSS grows by at its
 * peak, shrink by as much. `taskAt` makes the object again when a collection yields it.
 */
export class CompactTasks {
  private readonly taskIds: string[];
  private readonly strings: Uint32Array;
  private readonly numbers: Float64Array;

  constructor(
    tasks: readonly SubscriptionTask[],
    private readonly table: StringTable,
  ) {
    this.taskIds = tasks.map((task) => task.taskId);
    this.strings = new Uint32Array(tasks.length * STRING_FIELDS.length);
    this.numbers = new Float64Array(tasks.length * NUMBER_FIELDS.length);
    tasks.forEach((task, i) => {
      STRING_FIELDS.forEach((field, f) => (this.strings[i * STRING_FIELDS.length + f] = table.indexOf(task[field])));
      NUMBER_FIELDS.forEach((field, f) => (this.numbers[i * NUMBER_FIELDS.length + f] = task[field] ?? Number.NaN));
    });
  }

  get length(): number {
    return this.taskIds.length;
  }

  taskIdAt(i: number): string {
    return this.taskIds[i] as string;
  }

  startTimeMsAt(i: number): number | undefined {
    return this.number(i, 0);
  }

  /** The task at position i, as a new object equal to the one stored. */
  taskAt(i: number): SubscriptionTask {
    const string = (f: number): string => this.table.at(this.strings[i * STRING_FIELDS.length + f] as number);
    return {
      taskId: this.taskIdAt(i),
      instanceId: string(0),
      taskStatus: string(1),
      taskResult: string(2),
      taskType: string(3),
      startTimeMs: this.number(i, 0),
      endTimeMs: this.number(i, 1),
      artifactType: string(4),
      sourceProvider: string(5),
      sourceRepoType: string(6),
      sourceNamespaceName: string(7),
      sourceRepoName: string(8),
      namespaceName: string(9),
      repoName: string(10),
      tagTotalCount: this.number(i, 2),
      tagSubscriptionCount: this.number(i, 3),
      message: string(11),
    };
  }

  private number(i: number, f: number): number | undefined {
    const value = this.numbers[i * NUMBER_FIELDS.length + f] as number;
    return Number.isNaN(value) ? undefined : value;
  }
}
