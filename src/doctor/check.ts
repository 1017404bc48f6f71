import type { ActionName } from '../api/actions.js';

/**
 * One line of the doctor's report. `warn` and `skipped` do not fail the run; `failed` does.
 */
export type CheckStatus = 'ok' | 'warn' | 'failed' | 'skipped';

/** A permission the API denied: what the minimal RAM policy must grant, and on what. */
export interface DeniedPermission {
  action: ActionName;
  region: string;
  /** The instance of an instance-scoped action; undefined for ListInstance. */
  instanceId?: string | undefined;
}

export interface Check {
  status: CheckStatus;
  /** What was checked: `credentials`, `dns`, `connect`, `clock`, or an API action name. */
  name: string;
  /** Where: `all regions`, a region id, or `region/instanceId`. */
  target: string;
  /** One line: the measurement, or why it failed (never a secret). */
  detail: string;
  /** Set when the API answered with an authorization error: the permission to grant. */
  denied?: DeniedPermission | undefined;
}

export function isFailure(check: Check): boolean {
  return check.status === 'failed';
}
