import type { Check } from './check.js';
import { describeClockSkew, estimateClockSkew, judgeClockSkew } from './clock-skew.js';
import type { EndpointProbe } from './probe-endpoint.js';

/** A server certificate expiring within this many days is a warning. */
export const CERTIFICATE_WARN_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;

/**
 * The probe of one region's endpoint as three lines: dns, connect (TCP, TLS and the answer's
 * latency) and clock (skew from the answer's Date). Pure: `nowMs` judges the certificate.
 */
export function endpointChecks(region: string, probe: EndpointProbe, nowMs: number): Check[] {
  const at = { target: region };
  const via = probe.proxy === undefined ? '' : ` through the proxy ${probe.proxy}`;
  if (probe.dns !== undefined && 'error' in probe.dns) {
    return [
      { ...at, name: 'dns', status: 'failed', detail: `${probe.host}: ${probe.dns.error}` },
      { ...at, name: 'connect', status: 'skipped', detail: 'the name did not resolve' },
      { ...at, name: 'clock', status: 'skipped', detail: 'the endpoint did not answer' },
    ];
  }
  const checks: Check[] = [
    probe.dns === undefined
      ? { ...at, name: 'dns', status: 'skipped', detail: `${probe.host}: resolved by the proxy ${probe.proxy ?? ''}` }
      : { ...at, name: 'dns', status: 'ok', detail: `${probe.host} -> ${probe.dns.addresses.join(', ')} in ${ms(probe.dns.ms)}` },
  ];
  const connection = probe.connection;
  if (!connection || 'error' in connection || !probe.answer) {
    const reason = connection && 'error' in connection ? connection.error : 'no answer';
    checks.push({ ...at, name: 'connect', status: 'failed', detail: `${probe.protocol}://${probe.host}:${probe.port}${via}: ${reason}` });
    checks.push({ ...at, name: 'clock', status: 'skipped', detail: 'the endpoint did not answer' });
    return checks;
  }
  const where = probe.proxy === undefined ? `${probe.protocol}://${connection.address ?? probe.host}:${probe.port}` : `${probe.protocol}://${probe.host}:${probe.port}${via}`;
  const answered = `connected in ${ms(connection.connectMs)}, answered in ${ms(probe.answer.ms)}`;
  if (connection.tls) {
    const { version, subject, issuer, validToMs } = connection.tls;
    const daysLeft = Math.floor((validToMs - nowMs) / DAY_MS);
    const expiry = Number.isNaN(validToMs) ? 'expiry unknown' : `expires ${new Date(validToMs).toISOString().slice(0, 10)} (${daysLeft} days)`;
    const status = !Number.isNaN(validToMs) && daysLeft < CERTIFICATE_WARN_DAYS ? 'warn' : 'ok';
    checks.push({ ...at, name: 'connect', status, detail: `${where} ${answered}; ${version}, certificate ${subject} by ${issuer}, ${expiry}` });
  } else {
    checks.push({ ...at, name: 'connect', status: 'ok', detail: `${where} ${answered}; plain HTTP, no TLS` });
  }
  const skew = estimateClockSkew(probe.answer.dateHeader, probe.answer.sentAtMs, probe.answer.receivedAtMs);
  checks.push(
    skew
      ? { ...at, name: 'clock', status: judgeClockSkew(skew), detail: describeClockSkew(skew) }
      : { ...at, name: 'clock', status: 'warn', detail: 'the answer had no Date header: skew not measured' },
  );
  return checks;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
