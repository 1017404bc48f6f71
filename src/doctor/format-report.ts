import type { CheckStatus } from './check.js';
import type { DoctorReport } from './doctor-report.js';

/** The status column: FAILED shouts, the rest do not. */
const STATUS_WORDS: Readonly<Record<CheckStatus, string>> = { ok: 'ok', warn: 'warn', failed: 'FAILED', skipped: 'skipped' };
/** ANSI colours, used on a terminal only. */
const COLOURS: Readonly<Record<CheckStatus, string>> = { ok: '\u001b[32m', warn: '\u001b[33m', failed: '\u001b[31;1m', skipped: '\u001b[2m' };
const RESET = '\u001b[0m';
const GAP = '  ';

export interface TextOptions {
  /** Colour the status column (a terminal that allows it). */
  colour: boolean;
  /** The run is `doctor --demo`: its failures are on purpose, and the summary says so. */
  demo: boolean;
}

/**
 * One line per check, columns aligned: status, target, check, detail. Then the counts and, when
 * something was denied, the minimal RAM policy as JSON.
 */
export function formatReportText(report: DoctorReport, options: TextOptions): string {
  const statusWidth = Math.max(...Object.values(STATUS_WORDS).map((word) => word.length));
  const targetWidth = Math.max(0, ...report.checks.map((check) => check.target.length));
  const nameWidth = Math.max(0, ...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) => {
    const word = STATUS_WORDS[check.status].padEnd(statusWidth);
    const status = options.colour ? `${COLOURS[check.status]}${word}${RESET}` : word;
    return [status, check.target.padEnd(targetWidth), check.name.padEnd(nameWidth), check.detail].join(GAP);
  });

  const { ok, warn, failed, skipped } = report.counts;
  lines.push('', `${report.checks.length} checks: ${ok} ok, ${warn} warn, ${failed} failed, ${skipped} skipped.`);
  if (failed > 0 && options.demo) {
    lines.push(`${failed} ${failed === 1 ? 'check' : 'checks'} failed, as the demo intends: one instance of the simulated registry denies every call.`);
  }
  if (report.policy) {
    lines.push('', 'Minimal RAM policy granting what was denied (attach it to the identity on the credentials line):', JSON.stringify(report.policy, null, 2));
  }
  return `${lines.join('\n')}\n`;
}

/** The same report as one JSON document: checks, counts, policy (null when nothing was denied). */
export function formatReportJson(report: DoctorReport): string {
  const checks = report.checks.map(({ status, target, name, detail, denied }) => ({ status, target, name, detail, ...(denied ? { denied } : {}) }));
  return `${JSON.stringify({ checks, counts: report.counts, policy: report.policy ?? null }, null, 2)}\n`;
}
