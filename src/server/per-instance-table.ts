import type { InstanceSnapshot } from '../collector/snapshot.js';
import { escapeHtml } from './escape-html.js';

/** A landing-page section listing items of each instance with task data, at most `maxRowsPerInstance` each. */
export interface PerInstanceTable<T> {
  /** The items of one instance (its task data is there). */
  itemsOf(instance: InstanceSnapshot & { tasks: NonNullable<InstanceSnapshot['tasks']> }): readonly T[];
  /** One table row (escaped HTML) of one item. */
  row(instance: InstanceSnapshot, item: T): string;
  maxRowsPerInstance: number;
  /** The paragraph above the table, and its header cells (plain text). */
  intro: string;
  headers: readonly string[];
  /** Said when instances have task data and none has an item. */
  noneText: string;
}

/**
 * The section: "no task data yet" before any instance has some, `noneText` when no instance has an
 * item, else the table, with the items left out per instance counted below it.
 */
export function perInstanceTable<T>(instances: readonly InstanceSnapshot[], table: PerInstanceTable<T>): string {
  const rows: string[] = [];
  const notes: string[] = [];
  let withData = 0;
  for (const instance of instances) {
    const tasks = instance.tasks;
    if (!tasks) continue;
    withData += 1;
    const items = table.itemsOf({ ...instance, tasks });
    for (const item of items.slice(0, table.maxRowsPerInstance)) rows.push(table.row(instance, item));
    const hidden = items.length - table.maxRowsPerInstance;
    if (hidden > 0) notes.push(`${escapeHtml(instance.instanceId)}: ${hidden} more not shown`);
  }
  if (withData === 0) return '<p class="muted">No task data yet.</p>';
  if (rows.length === 0) return `<p class="ok">${table.noneText}</p>`;
  return `<p class="meta">${table.intro}</p>
<div class="table"><table><tr>${table.headers.map((header) => `<th>${header}</th>`).join('')}</tr>
${rows.join('\n')}
</table></div>${notes.length > 0 ? `\n<p class="muted">${notes.join('; ')}.</p>` : ''}`;
}
