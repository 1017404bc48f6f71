import type { Check, CheckStatus } from './check.js';
import { minimalRamPolicy, type RamPolicy } from './ram-policy.js';

/** Every check, in the order they ran, and what follows from them. */
export interface DoctorReport {
  checks: Check[];
  counts: Record<CheckStatus, number>;
  /** The smallest policy granting every denied action; undefined when nothing was denied. */
  policy: RamPolicy | undefined;
}

export function doctorReport(checks: readonly Check[]): DoctorReport {
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, failed: 0, skipped: 0 };
  for (const check of checks) counts[check.status] += 1;
  const denied = checks.flatMap((check) => (check.denied ? [check.denied] : []));
  return { checks: [...checks], counts, policy: minimalRamPolicy(denied) };
}

/** 0 when no check failed (warnings and skipped checks pass), 1 otherwise. */
export function exitCodeOf(report: DoctorReport): 0 | 1 {
  return report.counts.failed === 0 ? 0 : 1;
}
