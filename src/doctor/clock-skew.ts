/**
 * The local clock against the API's, from the Date header of one answer. Pure.
 *
 * The API refuses a request whose x-acs-date is more than 15 minutes off (InvalidTimeStamp.Expired).
 * The doctor warns long before that, and fails at CLOCK_SKEW_FAIL_MS, leaving a 10-minute margin:
 * a clock that far off is a broken NTP setup that only gets worse.
 */

/** Past this (at the least the measurement allows), the clock line says warn. */
export const CLOCK_SKEW_WARN_MS = 30_000;
/** Past this, the clock check fails. */
export const CLOCK_SKEW_FAIL_MS = 5 * 60_000;
/** A Date header counts whole seconds: the server's time lies anywhere in the second it names. */
const DATE_RESOLUTION_MS = 1000;

export interface ClockSkew {
  /** Server time minus local time, estimated; positive when the local clock is behind. */
  skewMs: number;
  /** The estimate is within +- this: half the Date header's second plus half the round trip. */
  uncertaintyMs: number;
}

/**
 * @param dateHeader the answer's Date header (IMF-fixdate, whole seconds)
 * @param sentAtMs local wall time just before the request was sent
 * @param receivedAtMs local wall time when the answer's headers arrived
 * @returns undefined when the header is missing or not a date
 */
export function estimateClockSkew(dateHeader: string | undefined, sentAtMs: number, receivedAtMs: number): ClockSkew | undefined {
  if (dateHeader === undefined) return undefined;
  const serverSecondMs = Date.parse(dateHeader);
  if (Number.isNaN(serverSecondMs)) return undefined;
  const serverMs = serverSecondMs + DATE_RESOLUTION_MS / 2;
  const localMs = (sentAtMs + receivedAtMs) / 2;
  return { skewMs: serverMs - localMs, uncertaintyMs: DATE_RESOLUTION_MS / 2 + (receivedAtMs - sentAtMs) / 2 };
}

/** ok, warn or failed, judged on the smallest skew the measurement allows (no alarm from a slow answer alone). */
export function judgeClockSkew(skew: ClockSkew): 'ok' | 'warn' | 'failed' {
  const leastMs = Math.max(0, Math.abs(skew.skewMs) - skew.uncertaintyMs);
  if (leastMs > CLOCK_SKEW_FAIL_MS) return 'failed';
  if (leastMs > CLOCK_SKEW_WARN_MS) return 'warn';
  return 'ok';
}

/** "+2.4 s (+-0.6 s): the local clock is behind" */
export function describeClockSkew(skew: ClockSkew): string {
  const seconds = (ms: number) => (Math.abs(ms) >= 100_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
  const shown = seconds(Math.abs(skew.skewMs));
  const sign = skew.skewMs < 0 && /[1-9]/.test(shown) ? '-' : '+';
  const direction = Math.abs(skew.skewMs) <= skew.uncertaintyMs ? 'in step' : skew.skewMs > 0 ? 'the local clock is behind' : 'the local clock is ahead';
  return `skew ${sign}${shown} (±${seconds(skew.uncertaintyMs)}): ${direction}`;
}
