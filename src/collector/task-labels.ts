import { NONE_LABEL_VALUE } from '../metric-names.js';

/**
 * The label value for a string field of a task or instance: trimmed, and NONE when empty, so
 * that a missing value is a visible series (`status="NONE"`) rather than an absent label, which
 * Prometheus would treat as a different series shape.
 */
export function labelValue(s: string): string {
  return s.trim() || NONE_LABEL_VALUE;
}
